/**
 * Builds the session document (docs/session-format.md) from a tab's capture: events with their
 * PF ↔ Segment links and identity verdicts, and the page diagnostics. Derived on request, never
 * stored, so a change of assumptions or of the imported users list applies to everything.
 */
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../shared/identity/assumptions';
import type { ImportedPfUser } from '../shared/identity/importUsers';
import { verdictsForSession } from '../shared/identity/sessionVerdicts';
import { correlatePfEvents } from '../shared/pf/correlate';
import type { Settings } from '../shared/messages';
import { pageDiagnostics } from '../shared/session/diagnostics';
import { documentStatus } from '../shared/session/documentStatus';
import { SESSION_FORMAT, SESSION_VERSION, type SessionDocument, type SessionEvent } from '../shared/session/schema';
import type { TabSession } from './tabSession';
import type { FollowedCapture, SessionAnswer } from '../shared/follow';

interface DocumentOptions {
  now: Date;
  settings: Settings;
  importedUsers?: readonly ImportedPfUser[];
  assumptions?: IdentityAssumptions;
}

export function toSessionDocument(session: TabSession, opts: DocumentOptions): SessionAnswer {
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
    capture: { evicted: meta.evicted, limit: opts.settings.limit, preserveLog: opts.settings.preserveLog, rejected: meta.rejected ?? 0 },
    ...(meta.frames?.length ? { frames: meta.frames } : {}),
  };
  return { document, status: documentStatus(diagnostics, judged.status) };
}

/** The revision bookkeeping the follow protocol reads from a tab's capture. */
export function followedCapture(session: TabSession): FollowedCapture {
  return {
    epoch: session.meta.epoch,
    rev: session.meta.rev,
    firstSeq: session.events[0]?.seq ?? session.meta.nextSeq,
    revOf: (index) => session.events[index]?.rev ?? 0,
  };
}
