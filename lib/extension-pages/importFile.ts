/**
 * What the panel's import accepts: a session file (validated against the schema) or a HAR file,
 * whose Segment requests (recognised by payload shape, like the page hook does) become a
 * read-only session. Anything else is a clear error; the caller keeps what it already shows.
 */
import * as v from 'valibot';
import { boundValue } from '../shared/boundValue';
import { parseSegmentBody } from '../shared/segment/segmentPayload';
import { verdictsForSession } from '../shared/identity/sessionVerdicts';
import { emptyPf, emptySegment } from '../shared/session/blank';
import { eventFromPayload } from '../shared/session/eventFromPayload';
import { isRecord } from '../shared/values';
import { SESSION_FORMAT, SESSION_VERSION, SessionDocumentSchema, type DeliveryStatus, type SessionDocument, type SessionEvent } from '../shared/session/schema';

export type ImportedSession = { kind: 'session' | 'har'; document: SessionDocument };

interface HarEntry {
  startedDateTime?: string;
  request?: { url?: string; postData?: { text?: string } };
  response?: { status?: number };
}

function statusOf(http: number | undefined): DeliveryStatus {
  if (!http) return 'blocked';
  return http >= 200 && http < 400 ? 'delivered' : 'failed';
}

function withoutTimeline({ userTimeline: _none, ...pf }: ReturnType<typeof emptyPf>): SessionDocument['productFruits'] {
  return pf;
}

function sessionFromHar(har: unknown, now: Date): SessionDocument {
  const entries = ((har as { log?: { entries?: unknown } }).log?.entries ?? []) as HarEntry[];
  if (!Array.isArray(entries)) throw new Error('This HAR file has no log.entries list.');
  const events: SessionEvent[] = [];
  let writeKey: string | null = null;
  let firstUrl = '';
  for (const entry of entries) {
    const url = entry?.request?.url ?? '';
    const parsed = parseSegmentBody(url, entry?.request?.postData?.text);
    if (!parsed) continue;
    writeKey ??= parsed.writeKey;
    for (const sent of parsed.events) {
      const http = entry.response?.status;
      const seq = events.length + 1;
      const event = {
        id: `e-${seq}`,
        seq,
        ...eventFromPayload(sent.type, sent.payload, {
          capturedAt: entry.startedDateTime ?? now.toISOString(),
          delivery: { status: statusOf(http), httpStatus: http || null, url, attempts: [] },
          via: 'network',
        }),
      };
      firstUrl ||= event.pageUrl;
      events.push(event);
    }
  }
  if (events.length === 0) throw new Error('This HAR file has no Segment tracking requests (no request body shaped like a Segment event or batch).');
  const judged = verdictsForSession(events, [], []);
  for (const e of events) {
    const verdict = judged.perEvent.get(e.id);
    if (verdict) e.verdict = verdict;
  }
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: now.toISOString(),
    page: { url: firstUrl, title: 'Imported from HAR' },
    segment: { ...emptySegment(), detected: true, writeKey },
    // A HAR holds requests, not what ran on the page: PF unknown, so no PF user timeline at all.
    productFruits: withoutTimeline(emptyPf()),
    events,
    diagnostics: judged.findings,
  };
}

export function parseImportFile(text: string, now = new Date()): ImportedSession {
  let json: unknown;
  try {
    // Cut to the capture's own depth and string limits: every later walk can then recurse safely.
    json = boundValue(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    throw new Error(`Not a session or HAR file: the file is not valid JSON (${(error as Error).message}).`);
  }
  if (isRecord(json) && json.format === SESSION_FORMAT) {
    if (json.version !== SESSION_VERSION) throw new Error(`This session file is version ${String(json.version)}; this extension reads version ${SESSION_VERSION}.`);
    const result = v.safeParse(SessionDocumentSchema, json);
    if (!result.success) {
      const issue = result.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      throw new Error(`This session file is damaged: ${where ? `${where}: ` : ''}${issue.message}.`);
    }
    return { kind: 'session', document: result.output };
  }
  if (isRecord(json) && isRecord(json.log)) return { kind: 'har', document: sessionFromHar(json, now) };
  throw new Error('Not a session or HAR file: expected a "segment-pf-companion/session" document or a HAR ({"log": {"entries": [...]}}).');
}

/** The file name an export gets: host and time, safe on every file system. */
export function exportFileName(doc: SessionDocument, now = new Date()): string {
  let host = 'page';
  try {
    host = new URL(doc.page.url).hostname || host;
  } catch {
    // keep the default
  }
  return `segment-session-${host.replace(/[^a-z0-9.-]/gi, '_')}-${now.toISOString().replace(/[:.]/g, '-')}.json`;
}
