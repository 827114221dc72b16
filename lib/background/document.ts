/**
 * Builds the session document (docs/session-format.md) from a tab's capture: events with their
 * PF ↔ Segment links and identity verdicts, and the page diagnostics. Derived on request, never
 * stored, so a change of assumptions or of the imported users list applies to everything.
 */
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../shared/identity/assumptions';
import type { ImportedPfUser } from '../shared/identity/importUsers';
import { verdictsForSession, type SessionVerdicts } from '../shared/identity/sessionVerdicts';
import { correlatePfEvents } from '../shared/pf/correlate';
import type { Settings } from '../shared/messages';
import { pageDiagnostics } from '../shared/session/diagnostics';
import { documentStatus } from '../shared/session/documentStatus';
import { SESSION_FORMAT, SESSION_VERSION, type Finding, type PfLink, type SessionDocument, type SessionEvent, type Verdict } from '../shared/session/schema';
import type { TabSession } from './tabSession';
import type { FollowedCapture, SessionAnswer } from '../shared/follow';

interface DocumentOptions {
  now: Date;
  settings: Settings;
  importedUsers?: readonly ImportedPfUser[];
  assumptions?: IdentityAssumptions;
  /** verdicts already judged for these events (the tab's fold, see sessionFold.ts) */
  judged?: SessionVerdicts;
}

export function toSessionDocument(session: TabSession, opts: DocumentOptions): SessionAnswer {
  const { meta } = session;
  const events: SessionEvent[] = session.events.map(({ key: _key, rev: _rev, ...event }) => event);
  // Page data must never make the document unbuildable: a derivation that fails is named, and
  // the capture itself is still shown, so the user can read, export and clear it.
  const failed: Finding[] = [];
  const derive = <T>(what: string, run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (error) {
      failed.push({ code: 'derivation-failed', severity: 'warning', message: `Could not work out ${what} from what the page sent (${typeof (error as Error)?.message === 'string' ? (error as Error).message.slice(0, 200) : 'unknown error'}); the events are shown as captured.` });
      return fallback;
    }
  };
  const { links, unmatched } = derive('the PF ↔ Segment links', () => correlatePfEvents(events), { links: new Map<string, PfLink>(), unmatched: [] as SessionEvent[] });
  const judged = derive(
    'the identity verdicts',
    () => opts.judged ?? verdictsForSession(events, meta.productFruits.userTimeline, [...(opts.importedUsers ?? [])], opts.assumptions ?? DEFAULT_ASSUMPTIONS),
    { perEvent: new Map<string, Verdict>(), findings: [] as Finding[], status: { light: 'grey', reason: 'The verdicts could not be worked out.' } as const },
  );
  for (const event of events) {
    const link = links.get(event.id);
    if (link) event.pfLink = link;
    const verdict = judged.perEvent.get(event.id);
    if (verdict) event.verdict = verdict;
  }
  const page = derive('the page diagnostics', () => pageDiagnostics({ segment: meta.segment, productFruits: meta.productFruits, unmatchedPfEvents: unmatched }), [] as Finding[]);
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

/** The revision bookkeeping the follow protocol reads from a tab's capture. */
export function followedCapture(session: TabSession): FollowedCapture {
  return {
    epoch: session.meta.epoch,
    rev: session.meta.rev,
    firstSeq: session.events[0]?.seq ?? session.meta.nextSeq,
    revOf: (index) => session.events[index]?.rev ?? 0,
  };
}
