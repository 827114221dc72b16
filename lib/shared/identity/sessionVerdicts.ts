/**
 * Replays a captured session the way PF's webhook would see it: each Segment event that carries an
 * identity is judged against the PF user the page had at that moment, PF users created by earlier
 * events are remembered, and patterns across events (order, resets, changing ids) become findings.
 */
import type { Finding, JudgedEvent, PfUser, PfUserChange, Verdict } from './schema';
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from './assumptions';
import type { ImportedUsersInput } from './importedUsers';
import { EventVerdicts } from './eventVerdicts';
import { matchIdentity } from './matchIdentity';
import { buildPfUserIndex, knownPfUser, type PfUserIndex } from './pfUserIndex';
import { newPfUserFrom, presentUserId, sameUser } from './resolveIdentity';
import { identifyBeforePfUser, resetFinding, unidentifiedTracksFinding, userIdChangedFinding } from './sessionFindings';
import { StatusFold, type SessionStatus } from './sessionStatus';
import { eventIdentity, readEventIdentity, type WebhookIdentity } from './webhookIdentity';

export interface SessionVerdicts {
  /** Keyed by the event's id; only events PF's webhook would judge. */
  perEvent: ReadonlyMap<string, Verdict>;
  /** Findings about the order of events, also attached to the event they concern when it has a verdict. */
  findings: Finding[];
  status: SessionStatus;
}

function carriesIdentity(identity: WebhookIdentity): boolean {
  if (identity.type === 'identify') return true;
  return presentUserId(identity.userId) !== null || (typeof identity.email === 'string' && identity.email !== '');
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

/** A verdict judged once for an identity, and the copy other calls carry once its findings were reported. */
interface Judged {
  verdict: Verdict;
  repeat: Verdict | null;
  /**
   * The identify's verdict with its user-id-changed-without-reset finding in front, for the first
   * userId it changed from (an identity is mostly reached from one), then by every other one.
   */
  firstChangedFrom: string | number | null;
  afterFirstChange: Verdict | null;
  afterChangeFrom: Map<string | number, Verdict> | null;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

interface Cached extends Judged {
  type: string;
  anonymousId: unknown;
  email: unknown;
  emailInProperties: unknown;
}

/**
 * Verdicts by everything a verdict reads from an event (type, userId, anonymousId, email,
 * properties.email): one Map lookup by userId, then the few identities seen with that userId
 * compared field by field, so a repeated identity builds no key. Object-valued fields are not cached.
 */
class JudgedByIdentity {
  private byUserId = new Map<unknown, Cached[]>();

  clear(): void {
    this.byUserId = new Map();
  }

  /** The entry judged for this identity before, if any; else judge it and `add` the verdict. */
  find(identity: WebhookIdentity): Judged | null {
    const { type, userId, anonymousId, email, emailInProperties } = identity;
    const list = this.byUserId.get(userId);
    if (!list) return null;
    for (const c of list) {
      if (c.type === type && sameValue(c.email, email) && sameValue(c.anonymousId, anonymousId) && sameValue(c.emailInProperties, emailInProperties)) return c;
    }
    return null;
  }

  add(identity: WebhookIdentity, verdict: Verdict): Judged {
    const { type, userId, anonymousId, email, emailInProperties } = identity;
    if (!isPrimitive(userId) || !isPrimitive(anonymousId) || !isPrimitive(email) || !isPrimitive(emailInProperties)) {
      return { verdict, repeat: null, firstChangedFrom: null, afterFirstChange: null, afterChangeFrom: null };
    }
    let list = this.byUserId.get(userId);
    if (!list) {
      list = [];
      this.byUserId.set(userId, list);
    }
    const entry: Cached = { type, anonymousId, email, emailInProperties, verdict, repeat: null, firstChangedFrom: null, afterFirstChange: null, afterChangeFrom: null };
    list.push(entry);
    return entry;
  }
}

function sortedBySeq(events: readonly JudgedEvent[]): readonly JudgedEvent[] {
  for (let i = 1; i < events.length; i++) if (events[i - 1]!.seq > events[i]!.seq) return [...events].sort((a, b) => a.seq - b.seq);
  return events;
}

/**
 * The session replay as a fold over the event stream: `push` judges one event (in seq order)
 * against the state the earlier ones left, `result` reads the verdicts so far without changing
 * that state, so a live session judges each event once, when it arrives.
 */
export class SessionVerdictFold {
  private readonly index: PfUserIndex;
  private readonly page: PageUserCursor;
  private readonly perEvent = new EventVerdicts();
  private readonly sessionFindings: Finding[] = [];
  /** the session findings on no event's verdict (resets): the light counts the others with their event */
  private readonly offEventFindings: Finding[] = [];
  /** the messages of the findings reported so far, by code (a finding repeats when both are equal) */
  private readonly reported = new Map<string, Set<string>>();
  /**
   * Findings reported but not yet in `reported`: only a call other than identify asks what was
   * reported, so sessions of identifies never hash their findings' long messages.
   */
  private readonly unfiled: (readonly Finding[])[] = [];
  // Segment's own state, as analytics.js keeps it between calls.
  private storedUserId: string | number | null = null;
  private pendingReset: { event: JudgedEvent; pfUser: PfUser } | null = null;
  private unidentifiedTracks = 0;
  private firstUnidentifiedTrack: JudgedEvent | null = null;
  /** Verdicts by identity, valid while the index and the page's user stay as they were. */
  private readonly judged = new JudgedByIdentity();
  /** user-id-changed-without-reset findings by previous and new userId: a few pairs recur all session */
  private readonly idChanges = new Map<unknown, Map<unknown, Finding>>();
  private judgedFor: { generation: number; page: PfUser | null } = { generation: -1, page: null };
  /** the light over the verdicts so far, folded as they are set (never a scan of perEvent) */
  private readonly status = new StatusFold();
  /** the identity of the event being pushed, read into one object: judging copies it when it keeps it */
  private readonly identity: WebhookIdentity = { type: '', userId: undefined, anonymousId: undefined, email: undefined, emailInProperties: undefined };
  /** what finish() last returned, while no event was pushed since */
  private finished: SessionVerdicts | null = null;
  lastSeq = -Infinity;

  constructor(
    pfTimeline: readonly PfUserChange[],
    importedUsers: ImportedUsersInput,
    private readonly assumptions: IdentityAssumptions = DEFAULT_ASSUMPTIONS,
  ) {
    const timeline = [...pfTimeline].sort(byTimelineOrder);
    this.index = buildPfUserIndex(importedUsers, timeline);
    this.page = new PageUserCursor(timeline);
  }

  private closeReset(): void {
    const pending = this.pendingReset;
    if (pending && !this.page.changedSinceMark) {
      const finding = resetFinding(pending.event, pending.pfUser);
      this.sessionFindings.push(finding);
      this.offEventFindings.push(finding);
    }
    this.pendingReset = null;
  }

  private setVerdict(event: JudgedEvent, type: string, verdict: Verdict): void {
    this.perEvent.add(event.id, verdict);
    this.status.add(event.seq, type, verdict);
  }

  push(event: JudgedEvent): void {
    const { page } = this;
    this.finished = null;
    this.lastSeq = event.seq;
    page.advanceTo(event.seq);
    if (event.source !== 'segment') return;
    if (event.type === 'reset') {
      this.closeReset();
      this.storedUserId = null;
      if (page.current) this.pendingReset = { event, pfUser: page.current };
      page.mark();
      return;
    }
    const storedUserId = this.storedUserId;
    const identity = readEventIdentity(this.identity, event, storedUserId);
    const { type } = identity;
    const userId = presentUserId(identity.userId);
    /** the userId an identify changed from without a reset */
    let changedFrom: string | number | null = null;

    if (type === 'identify') {
      this.closeReset();
      if (userId !== null && storedUserId !== null && String(userId) !== String(storedUserId)) changedFrom = storedUserId;
    } else if (type === 'track' && userId === null && storedUserId === null) {
      this.unidentifiedTracks += 1;
      this.firstUnidentifiedTrack ??= event;
    }
    if (userId !== null) this.storedUserId = userId;

    if (!this.assumptions.eventTypesRead.includes(type) || !carriesIdentity(identity)) return;

    let beforePfUser: Finding | null = null;
    if (type === 'identify' && !page.everSet) {
      const upcoming = page.upcomingUser();
      if (upcoming) beforePfUser = identifyBeforePfUser(identity, this.index, upcoming, this.assumptions);
    }

    const entry = this.judge(identity);
    const { verdict } = entry;
    if (verdict.rule === 'new-user') this.index.add({ ...newPfUserFrom(identity, this.assumptions), createdBy: { id: event.id, seq: event.seq } });

    // Other calls repeat the identity the identify already showed: only say what is new.
    let own: Finding[];
    if (entry.repeat !== null) {
      own = type === 'identify' ? verdict.findings : entry.repeat.findings;
    } else {
      own = type === 'identify' ? verdict.findings : this.notReported(verdict.findings);
      if (verdict.findings.length > 0) this.unfiled.push(verdict.findings);
      // Every finding of this verdict is reported now: later calls with it add none.
      entry.repeat = verdict.findings.length === 0 ? verdict : { ...verdict, findings: [] };
    }
    if (changedFrom === null && beforePfUser === null) {
      this.setVerdict(event, type, own === verdict.findings ? verdict : own.length === 0 && entry.repeat ? entry.repeat : { ...verdict, findings: own });
      return;
    }
    if (changedFrom !== null && beforePfUser === null && own === verdict.findings) {
      // An identify whose userId changed: the same change recurs with the same verdict, and the
      // entry is per identity, so the userId it changed to is always the same.
      let judged = entry.firstChangedFrom === changedFrom ? entry.afterFirstChange : entry.afterChangeFrom?.get(changedFrom);
      if (!judged) {
        judged = { ...verdict, findings: [this.userIdChanged(changedFrom, userId!), ...own] };
        if (entry.afterFirstChange === null) {
          entry.firstChangedFrom = changedFrom;
          entry.afterFirstChange = judged;
        } else {
          (entry.afterChangeFrom ??= new Map()).set(changedFrom, judged);
        }
      }
      this.sessionFindings.push(judged.findings[0]!);
      this.setVerdict(event, type, judged);
      return;
    }
    const attached: Finding[] = [];
    if (changedFrom !== null) attached.push(this.userIdChanged(changedFrom, userId!));
    if (beforePfUser !== null) attached.push(beforePfUser);
    this.sessionFindings.push(...attached);
    this.setVerdict(event, type, { ...verdict, findings: [...attached, ...own] });
  }

  private notReported(findings: readonly Finding[]): Finding[] {
    for (const filed of this.unfiled) {
      for (const f of filed) {
        let messages = this.reported.get(f.code);
        if (!messages) {
          messages = new Set();
          this.reported.set(f.code, messages);
        }
        messages.add(f.message);
      }
    }
    this.unfiled.length = 0;
    return findings.filter((f) => this.reported.get(f.code)?.has(f.message) !== true);
  }

  private judge(identity: WebhookIdentity): Judged {
    const pageUser = this.page.current;
    if (this.judgedFor.generation !== this.index.generation || this.judgedFor.page !== pageUser) {
      this.judged.clear();
      this.judgedFor = { generation: this.index.generation, page: pageUser };
    }
    return this.judged.find(identity) ?? this.judged.add(identity, matchIdentity({ ...identity }, this.index, pageUser, this.assumptions));
  }

  private userIdChanged(from: string | number, to: string | number): Finding {
    let byTo = this.idChanges.get(from);
    if (!byTo) {
      byTo = new Map();
      this.idChanges.set(from, byTo);
    }
    let finding = byTo.get(to);
    if (!finding) {
      finding = userIdChangedFinding(from, to);
      byTo.set(to, finding);
    }
    return finding;
  }

  /**
   * The verdicts and findings as they stand: what a session ending after the last event would
   * show. The verdicts are the fold's own and grow with later events, so read them before pushing
   * more (the background builds its document from them at once). Until the next push the same
   * answer is given again.
   */
  finish(): SessionVerdicts {
    if (this.finished) return this.finished;
    const closing: Finding[] = [];
    const pending = this.pendingReset;
    if (pending && !this.page.changedSinceMark) closing.push(resetFinding(pending.event, pending.pfUser));
    const firstTrack = this.firstUnidentifiedTrack;
    if (firstTrack) {
      closing.push(unidentifiedTracksFinding(this.unidentifiedTracks, firstTrack));
    }
    const findings = [...this.sessionFindings, ...closing];
    this.finished = { perEvent: this.perEvent, findings, status: this.status.with([...this.offEventFindings, ...closing]) };
    return this.finished;
  }

  /**
   * What `event` is judged against when pushed next: its identity as the webhook reads it, the
   * page's PF user at that moment and the known users. Read it before pushing `event`; the index
   * is the fold's own and changes with later events.
   */
  contextBefore(event: JudgedEvent): { identity: WebhookIdentity; pageUser: PfUser | null; index: PfUserIndex } {
    this.page.advanceTo(event.seq);
    return { identity: eventIdentity(event, this.storedUserId), pageUser: this.page.current, index: this.index };
  }
}

export function verdictsForSession(
  events: readonly JudgedEvent[],
  pfTimeline: readonly PfUserChange[],
  importedUsers: ImportedUsersInput,
  assumptions: IdentityAssumptions = DEFAULT_ASSUMPTIONS,
): SessionVerdicts {
  const fold = new SessionVerdictFold(pfTimeline, importedUsers, assumptions);
  for (const event of sortedBySeq(events)) fold.push(event);
  return fold.finish();
}
