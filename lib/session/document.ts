/**
 * Builds the session document (docs/session-format.md) from a tab's capture: events with their
 * PF ↔ Segment links and identity verdicts, and the page diagnostics. Derived on request, never
 * stored, so a change of assumptions or of the imported users list applies to everything.
 */
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../identity/assumptions';
import type { ImportedPfUser } from '../identity/importUsers';
import { verdictsForSession } from '../identity/sessionVerdicts';
import { correlatePfEvents } from '../pf/correlate';
import type { Settings } from '../protocol';
import { pageDiagnostics } from './diagnostics';
import { documentStatus } from './documentStatus';
import { SESSION_FORMAT, SESSION_VERSION, type SessionDocument, type SessionEvent } from './schema';
import type { TabSession } from './tabSession';

export interface DocumentOptions {
  now: Date;
  settings: Settings;
  importedUsers?: readonly ImportedPfUser[];
  assumptions?: IdentityAssumptions;
}

export type StatusLight = ReturnType<typeof verdictsForSession>['status'];

export function toSessionDocument(session: TabSession, opts: DocumentOptions): { document: SessionDocument; status: StatusLight } {
  const { meta } = session;
  const events: SessionEvent[] = session.events.map(({ key: _key, rev: _rev, ...event }) => event);
  const { links, unmatched } = correlatePfEvents(events);
  const judged = verdictsForSession(events, meta.productFruits.userTimeline, [...(opts.importedUsers ?? [])], opts.assumptions ?? DEFAULT_ASSUMPTIONS);
  for (const event of events) {
    const link = links.get(event.id);
    if (link) event.pfLink = link;
    const verdict = judged.perEvent.get(event.id);
    if (verdict) event.verdict = verdict;
  }
  const diagnostics = [...pageDiagnostics({ segment: meta.segment, productFruits: meta.productFruits, unmatchedPfEvents: unmatched }), ...judged.findings];
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
    capture: { evicted: meta.evicted, limit: opts.settings.limit, preserveLog: opts.settings.preserveLog },
  };
  return { document, status: documentStatus(diagnostics, judged.status) };
}

/** What a follower (an open panel) already has: the capture it follows and up to which revision. */
export interface FollowPoint {
  epoch: string;
  rev: number;
  /** asking for the next page of a large answer: only events after this seq */
  afterSeq?: number;
}

export interface SessionDelta {
  epoch: string;
  rev: number;
  /** seq of the oldest event still kept: the follower drops older ones */
  firstSeq: number;
  /** events in the session; the document carries only those changed since the follow point */
  total: number;
  /** true when the answer starts the follower over (first fetch, or the capture started over) */
  full: boolean;
  /** more changed events than one message carries: ask again with `afterSeq: nextSeq` */
  nextSeq: number | null;
}

/**
 * Events per answer: a runtime message is capped at 64 MiB in Chrome, which a whole session of
 * 100,000 events passes; pages of this size stay far below it.
 */
export const MAX_EVENTS_PER_ANSWER = 5000;

/**
 * The session document (`built` from `session` by toSessionDocument) with only the events a
 * follower does not have yet: those changed since its revision, and those whose derived verdict
 * or PF link changed (later events can change the verdict of an earlier identify), at most
 * `maxEvents` of them. `derived` remembers, per follower, what it was last sent.
 */
export function toSessionDelta(
  session: TabSession,
  built: { document: SessionDocument; status: StatusLight },
  since: FollowPoint | null,
  derived: Map<string, string>,
  maxEvents = MAX_EVENTS_PER_ANSWER,
): { document: SessionDocument; status: StatusLight; delta: SessionDelta } {
  const { document, status } = built;
  const full = !since || since.epoch !== session.meta.epoch || since.rev > session.meta.rev;
  const continuing = since?.afterSeq !== undefined;
  if (full && !continuing) derived.clear();
  const after = since?.afterSeq ?? -Infinity;
  const changed: { event: SessionEvent; key: string }[] = [];
  let more = false;
  document.events.forEach((event, i) => {
    if (more || event.seq <= after) return;
    const key = event.verdict || event.pfLink ? JSON.stringify([event.verdict ?? null, event.pfLink ?? null]) : '';
    const derivedChanged = (derived.get(event.id) ?? '') !== key;
    if (!(full || derivedChanged || (session.events[i]!.rev ?? 0) > since!.rev)) return;
    if (changed.length === maxEvents) {
      more = true;
      return;
    }
    changed.push({ event, key });
  });
  for (const { event, key } of changed) {
    if (key) derived.set(event.id, key);
    else derived.delete(event.id);
  }
  return {
    document: { ...document, events: changed.map((c) => c.event) },
    status,
    delta: {
      epoch: session.meta.epoch,
      rev: session.meta.rev,
      firstSeq: session.events[0]?.seq ?? session.meta.nextSeq,
      total: document.events.length,
      full,
      nextSeq: more ? changed[changed.length - 1]!.event.seq : null,
    },
  };
}
