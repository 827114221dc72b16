/**
 * Builds the session document (docs/session-format.md) from a tab's capture: events with their
 * PF ↔ Segment links and identity verdicts, and the page diagnostics. Derived on request, never
 * stored, so a change of assumptions or of the imported users list applies to everything.
 * toSessionDocument builds it whole; the background keeps it as a fold (documentFold.ts) that
 * gives the same document.
 */
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../shared/identity/assumptions';
import type { ImportedPfUser } from '../shared/identity/importUsers';
import { verdictsForSession, type SessionVerdicts } from '../shared/identity/sessionVerdicts';
import { correlatePfEvents, type PfLinks } from '../shared/pf/correlate';
import type { Settings } from '../shared/messages';
import { pageDiagnostics } from '../shared/session/diagnostics';
import { documentStatus } from '../shared/session/documentStatus';
import { SESSION_FORMAT, SESSION_VERSION, type Finding, type PfLink, type SessionDocument, type SessionEvent, type Verdict } from '../shared/session/schema';
import type { StoredEvent, TabMeta, TabSession } from './tabSession';
import type { SessionAnswer } from '../shared/follow';

interface DocumentOptions {
  now: Date;
  settings: Settings;
  importedUsers?: readonly ImportedPfUser[];
  assumptions?: IdentityAssumptions;
}

/** The event as the document shows it: without the background's bookkeeping, with what was derived. */
export function derivedEvent({ key: _key, rev: _rev, ...event }: StoredEvent, link: PfLink | undefined, verdict: Verdict | undefined): SessionEvent {
  const out: SessionEvent = event;
  if (link) out.pfLink = link;
  if (verdict) out.verdict = verdict;
  return out;
}

/**
 * Runs one derivation; page data must never make the document unbuildable, so one that fails is
 * named in `failed` and the capture itself is still shown (the user can read, export and clear it).
 */
export function derive<T>(failed: Finding[], what: string, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    failed.push({ code: 'derivation-failed', severity: 'warning', message: `Could not work out ${what} from what the page sent (${typeof (error as Error)?.message === 'string' ? (error as Error).message.slice(0, 200) : 'unknown error'}); the events are shown as captured.` });
    return fallback;
  }
}

export const noLinks = (): PfLinks => ({ links: new Map<string, PfLink>(), unmatched: [] });
export const noVerdicts = (): SessionVerdicts => ({ perEvent: new Map<string, Verdict>(), findings: [], status: { light: 'grey', reason: 'The verdicts could not be worked out.' } });

/** The document around its events: diagnostics, the capture's facts, and the light. */
export function assembleDocument(meta: TabMeta, events: SessionEvent[], parts: { unmatched: readonly SessionEvent[]; judged: SessionVerdicts; failed: Finding[] }, opts: { now: Date; settings: Settings }): SessionAnswer {
  const { judged, failed } = parts;
  const page = derive(failed, 'the page diagnostics', () => pageDiagnostics({ segment: meta.segment, productFruits: meta.productFruits, unmatchedPfEvents: parts.unmatched }), [] as Finding[]);
  const refused: Finding[] = meta.rejected
    ? [{ code: 'capture-refused', severity: 'warning', message: `${meta.rejected} record(s) the page sent were refused: invalid, too large, or over the subframes' share of the limit.` }]
    : [];
  const stored = storageFinding(meta.storageEvicted ?? 0, meta.storageCut ?? 0);
  const diagnostics = [...page, ...judged.findings, ...refused, ...stored, ...failed];
  const document: SessionDocument = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: opts.now.toISOString(),
    page: meta.page,
    segment: meta.segment,
    productFruits: meta.productFruits,
    events,
    diagnostics,
    navigations: meta.navigations,
    capture: { evicted: meta.evicted, limit: opts.settings.limit, preserveLog: opts.settings.preserveLog, rejected: meta.rejected ?? 0 },
    ...(meta.frames?.length ? { frames: meta.frames } : {}),
  };
  return { document, status: documentStatus(diagnostics, judged.status) };
}

function storageFinding(evicted: number, cut: number): Finding[] {
  if (!evicted && !cut) return [];
  const parts = [evicted ? `${evicted} event(s) were evicted` : '', cut ? `${cut} event(s) too large for this tab's share were stored cut` : ''].filter(Boolean);
  return [{ code: 'capture-storage-full', severity: 'warning', message: `The browser's session storage was full: ${parts.join(' and ')}.` }];
}

export function toSessionDocument(session: TabSession, opts: DocumentOptions): SessionAnswer {
  const { meta } = session;
  const plain: SessionEvent[] = session.events.map((e) => derivedEvent(e, undefined, undefined));
  const failed: Finding[] = [];
  const { links, unmatched } = derive(failed, 'the PF ↔ Segment links', () => correlatePfEvents(plain), noLinks());
  const judged = derive(
    failed,
    'the identity verdicts',
    () => verdictsForSession(plain, meta.productFruits.userTimeline, [...(opts.importedUsers ?? [])], opts.assumptions ?? DEFAULT_ASSUMPTIONS),
    noVerdicts(),
  );
  for (const event of plain) {
    const link = links.get(event.id);
    if (link) event.pfLink = link;
    const verdict = judged.perEvent.get(event.id);
    if (verdict) event.verdict = verdict;
  }
  return assembleDocument(meta, plain, { unmatched, judged, failed }, opts);
}
