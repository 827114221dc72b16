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
  const events: SessionEvent[] = session.events.map(({ key: _key, ...event }) => event);
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
