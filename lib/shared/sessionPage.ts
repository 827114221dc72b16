/**
 * Answers paged by bytes: Chrome caps a runtime message at 64 MiB, which 81 events of ~1 MB each
 * already pass, so every answer that carries events (a plain `session:get`, a follower's delta,
 * the panel's rows) carries only those that fit a character budget and says where the next page
 * starts. A plain `session:get` answer (no `since`) is paged here.
 */
import type { SessionAnswer } from './follow';
import type { SessionEvent } from './session/schema';

/** UTF-16 units of JSON per answer: UTF-8 at most triples them, still under 64 MiB. */
export const MAX_ANSWER_CHARS = 16 * 1024 * 1024;

/** What a value costs in an answer: the UTF-16 units of its JSON, as the budget counts them. */
export function answerChars(value: unknown): number {
  return JSON.stringify(value).length;
}

const eventSizes = new WeakMap<SessionEvent, number>();

/** `answerChars` of an event, measured once: built events keep their identity across answers. */
export function eventChars(event: SessionEvent): number {
  let size = eventSizes.get(event);
  if (size === undefined) {
    size = answerChars(event);
    eventSizes.set(event, size);
  }
  return size;
}

/**
 * How many of `items`, from the first, fit `maxChars` beside `baseChars` of the rest of the
 * answer (one separator each); always at least one, so a single huge item still goes out alone.
 */
export function fittingCount<T>(items: readonly T[], baseChars: number, maxChars = MAX_ANSWER_CHARS, size: (item: T) => number = answerChars): number {
  let chars = baseChars;
  for (let i = 0; i < items.length; i++) {
    chars += size(items[i]!) + 1;
    if (i > 0 && chars > maxChars) return i;
  }
  return items.length;
}

export interface SessionPage {
  /** events in the session */
  total: number;
  /** more events than one answer carries: ask again with `afterSeq: nextSeq` */
  nextSeq: number | null;
}

export type PagedSessionAnswer = SessionAnswer & { page: SessionPage };

/** The events after `afterSeq` that fit `maxChars` with the rest of the document; always at least one. */
export function sessionPage(built: SessionAnswer, afterSeq: number | undefined, maxChars = MAX_ANSWER_CHARS): PagedSessionAnswer {
  const { document } = built;
  const base = answerChars({ ...built, document: { ...document, events: [] }, page: { total: 0, nextSeq: 0 } });
  const after = afterSeq === undefined ? document.events : document.events.filter((event) => event.seq > afterSeq);
  const events = after.slice(0, fittingCount(after, base, maxChars, eventChars));
  const nextSeq = events.length < after.length ? events[events.length - 1]!.seq : null;
  return { ...built, document: { ...document, events }, page: { total: document.events.length, nextSeq } };
}
