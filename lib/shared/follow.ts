/**
 * The follow protocol, both ends in one module: an open panel (a follower) asks the background
 * for what changed since the revision it holds (`session:get` with `since`), and folds the
 * answer into what it had. Unchanged events keep their object identity across refreshes.
 */
import type { SessionStatus } from './identity/sessionStatus';
import type { SessionDocument, SessionEvent } from './session/schema';
import { answerChars, eventChars, fittingCount, MAX_ANSWER_CHARS } from './answerBudget';

/** What the background answers for a tab: its session document and the status light. */
export interface SessionAnswer {
  document: SessionDocument;
  status: SessionStatus;
}

export type SessionDeltaAnswer = SessionAnswer & { delta: SessionDelta };

/** The revision bookkeeping of the capture a follower follows, as the background keeps it. */
export interface FollowedCapture {
  epoch: string;
  rev: number;
  /** seq of the oldest event still kept (the next seq when there are none) */
  firstSeq: number;
  /** events in the session */
  total: number;
  /**
   * In seq order, the events after `afterSeq` whose document form (the event, its verdict or PF
   * link) changed after revision `sinceRev` (every event when null), at most `max` of them.
   */
  changedSince(sinceRev: number | null, afterSeq: number, max: number): { events: SessionEvent[]; more: boolean };
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
 * 100,000 events passes; pages of this size stay far below it, unless the events are huge, which
 * the character budget (sessionPage.ts) covers.
 */
const MAX_EVENTS_PER_ANSWER = 5000;

/**
 * The session document `built` (the answer `capture` was last built into) with only the events a
 * follower does not have yet: those whose document form changed since its revision (later
 * events can change the verdict of an earlier identify), at most `maxEvents` of them and no more
 * than fit `maxChars` (always at least one).
 */
export function toSessionDelta(capture: FollowedCapture, built: SessionAnswer, since: FollowPoint | null, maxEvents = MAX_EVENTS_PER_ANSWER, maxChars = MAX_ANSWER_CHARS): SessionDeltaAnswer {
  const { document, status } = built;
  const full = !since || since.epoch !== capture.epoch || since.rev > capture.rev;
  const changed = capture.changedSince(full ? null : since.rev, since?.afterSeq ?? -Infinity, maxEvents);
  const delta: SessionDelta = { epoch: capture.epoch, rev: capture.rev, firstSeq: capture.firstSeq, total: capture.total, full, nextSeq: null };
  const base = maxChars === Infinity ? 0 : answerChars({ document: { ...document, events: [] }, status, delta: { ...delta, nextSeq: 0 } });
  const fit = maxChars === Infinity ? changed.events.length : fittingCount(changed.events, base, maxChars, eventChars);
  const events = fit < changed.events.length ? changed.events.slice(0, fit) : changed.events;
  const more = changed.more || fit < changed.events.length;
  return { document: { ...document, events }, status, delta: { ...delta, nextSeq: more ? events[events.length - 1]!.seq : null } };
}

/** A session as a follower holds it: the full document, and the point it is current up to. */
export interface FollowedSession extends SessionAnswer {
  epoch: string;
  rev: number;
}

/**
 * Folds a delta into what the follower had. Events that did not change keep their object identity,
 * so a panel's per-event caches (search text, rows) survive a refresh; with nothing changed the
 * events array itself is kept.
 */
export function mergeSessionDelta(prev: FollowedSession | null, answer: SessionDeltaAnswer): FollowedSession {
  const { delta, document, status } = answer;
  if (!prev || delta.full || prev.epoch !== delta.epoch) return { document, status, epoch: delta.epoch, rev: delta.rev };
  const changed = new Map(document.events.map((e) => [e.id, e]));
  const previous = prev.document.events;
  const kept = previous.filter((e) => e.seq >= delta.firstSeq).map((e) => {
    const update = changed.get(e.id);
    if (!update) return e;
    changed.delete(e.id);
    return update;
  });
  const unchanged = document.events.length === 0 && kept.length === previous.length;
  // Whatever is left is new, and newer than everything kept: seqs only grow.
  const events = unchanged ? previous : kept.concat([...changed.values()].sort((a, b) => a.seq - b.seq));
  return { document: { ...document, events }, status, epoch: delta.epoch, rev: delta.rev };
}
