/**
 * Replays a captured session the way PF's webhook would see it: each Segment event that carries an
 * identity is judged against the PF user the page had at that moment, PF users created by earlier
 * events are remembered, and patterns across events (order, resets, changing ids) become findings.
 */
import type { Finding, JudgedEvent, PfUser, PfUserChange, Verdict } from './schema';
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from './assumptions';
import { show } from './describe';
import type { ImportedPfUser } from './importUsers';
import { matchIdentity } from './matchIdentity';
import { buildPfUserIndex, knownPfUser, type PfUserIndex } from './pfUserIndex';
import { newPfUserFrom, presentUserId, sameUser } from './resolveIdentity';
import { statusOf, type SessionStatus } from './sessionStatus';
import { eventIdentity, type WebhookIdentity } from './webhookIdentity';

export interface SessionVerdicts {
  /** Keyed by the event's id; only events PF's webhook would judge. */
  perEvent: Map<string, Verdict>;
  /** Findings about the order of events, also attached to the event they concern when it has a verdict. */
  findings: Finding[];
  status: SessionStatus;
}

function carriesIdentity(identity: WebhookIdentity): boolean {
  if (identity.type === 'identify') return true;
  return presentUserId(identity.userId) !== null || (typeof identity.email === 'string' && identity.email !== '');
}

function pfUserLabel(user: PfUser): string {
  return show(user.username);
}

function byTimelineOrder(a: PfUserChange, b: PfUserChange): number {
  return a.afterSeq - b.afterSeq || a.at.localeCompare(b.at);
}

/** Walks the PF user timeline alongside the events: which PF user the page had before event `seq`. */
class PageUserCursor {
  private next = 0;
  current: PfUser | null = null;
  everSet = false;
  /** Whether, since the last `mark()`, the page cleared its PF user or switched to another one. */
  changedSinceMark = false;

  constructor(private readonly changes: readonly PfUserChange[]) {}

  advanceTo(seq: number): void {
    for (let change = this.changes[this.next]; change && change.afterSeq < seq; change = this.changes[++this.next]) {
      const before = this.current;
      this.current = change.user;
      if (change.user) this.everSet = true;
      const same = before && change.user && sameUser(knownPfUser(before, 'page'), knownPfUser(change.user, 'page'));
      if (!same) this.changedSinceMark = true;
    }
  }

  mark(): void {
    this.changedSinceMark = false;
  }

  /** The first PF user the page sets after the cursor, for events sent before the page had one. */
  upcomingUser(): PfUser | null {
    return this.changes.slice(this.next).find((c) => c.user)?.user ?? null;
  }
}

export function verdictsForSession(
  events: readonly JudgedEvent[],
  pfTimeline: readonly PfUserChange[],
  importedUsers: readonly ImportedPfUser[],
  assumptions: IdentityAssumptions = DEFAULT_ASSUMPTIONS,
): SessionVerdicts {
  const index = buildPfUserIndex(importedUsers, [...pfTimeline].sort(byTimelineOrder));
  const page = new PageUserCursor([...pfTimeline].sort(byTimelineOrder));
  const perEvent = new Map<string, Verdict>();
  const sessionFindings: Finding[] = [];
  const reported = new Set<string>();

  // Segment's own state, as analytics.js keeps it between calls.
  let storedUserId: string | number | null = null;
  let pendingReset: { event: JudgedEvent; pfUser: PfUser } | null = null;
  const unidentifiedTracks: JudgedEvent[] = [];

  const closeReset = () => {
    if (pendingReset && !page.changedSinceMark) {
      sessionFindings.push({
        code: 'reset-while-pf-keeps-user',
        severity: 'warning',
        message: `analytics.reset() was called (event ${pendingReset.event.id}) but the page kept Product Fruits user ${pfUserLabel(pendingReset.pfUser)}; PF keeps showing that user's content and attributes it to them until the page sets the next user.`,
      });
    }
    pendingReset = null;
  };

  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    page.advanceTo(event.seq);
    if (event.source !== 'segment') continue;
    if (event.type === 'reset') {
      closeReset();
      storedUserId = null;
      if (page.current) pendingReset = { event, pfUser: page.current };
      page.mark();
      continue;
    }
    const identity = eventIdentity(event, storedUserId);
    const userId = presentUserId(identity.userId);
    const attached: Finding[] = [];

    if (identity.type === 'identify') {
      closeReset();
      if (userId !== null && storedUserId !== null && String(userId) !== String(storedUserId)) {
        attached.push({
          code: 'user-id-changed-without-reset',
          severity: 'warning',
          message: `Segment userId changed from ${show(storedUserId)} to ${show(userId)} without analytics.reset(); Segment keeps the previous user's anonymousId and traits (including any email), so the webhook can send one person's email with another's userId.`,
        });
      }
    } else if (identity.type === 'track' && userId === null && storedUserId === null) {
      unidentifiedTracks.push(event);
    }
    if (userId !== null) storedUserId = userId;

    if (!assumptions.eventTypesRead.includes(identity.type) || !carriesIdentity(identity)) continue;

    if (identity.type === 'identify' && !page.everSet) {
      const upcoming = page.upcomingUser();
      if (upcoming) attached.push(identifyBeforePfUser(identity, index, upcoming, assumptions));
    }

    const verdict = matchIdentity(identity, index, page.current, assumptions);
    if (verdict.rule === 'new-user') index.add(newPfUserFrom(identity, assumptions));

    // Other calls repeat the identity the identify already showed: only say what is new.
    const own =
      identity.type === 'identify'
        ? verdict.findings
        : verdict.findings.filter((f) => !reported.has(`${f.code}\n${f.message}`));
    for (const f of verdict.findings) reported.add(`${f.code}\n${f.message}`);
    sessionFindings.push(...attached);
    perEvent.set(event.id, { ...verdict, findings: [...attached, ...own] });
  }
  closeReset();

  const [firstTrack] = unidentifiedTracks;
  if (firstTrack) {
    const name = firstTrack.name === null ? '' : ` ${show(firstTrack.name)}`;
    sessionFindings.push({
      code: 'track-from-unidentified-user',
      severity: 'warning',
      message: `${unidentifiedTracks.length} track call(s) (first:${name} event ${firstTrack.id}) were sent before any identify, without a userId, so PF's webhook cannot tie them to a Product Fruits user.`,
    });
  }

  return { perEvent, findings: sessionFindings, status: statusOf(perEvent, sessionFindings) };
}

function identifyBeforePfUser(
  identity: WebhookIdentity,
  index: PfUserIndex,
  upcoming: PfUser,
  assumptions: IdentityAssumptions,
): Finding {
  const later = matchIdentity(identity, index, upcoming, assumptions);
  const who = `identify (userId ${show(identity.userId)}) was sent before the page set its Product Fruits user ${pfUserLabel(upcoming)}`;
  return later.samePersonAsPage
    ? {
        code: 'identify-before-pf-user',
        severity: 'warning',
        message: `${who}; it resolves to that user, but only if PF has the user by the time the webhook arrives, otherwise PF creates it from the event.`,
      }
    : {
        code: 'identify-before-pf-user',
        severity: 'error',
        message: `${who}, and it does not resolve to that user even once it exists (${later.rule === 'new-user' ? 'PF would create a new user' : `it lands on ${show(later.pfUser?.username ?? later.pfUser?.email)}`}).`,
      };
}
