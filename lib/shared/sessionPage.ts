/**
 * A plain `session:get` answer (no `since`) paged by bytes (answerBudget.ts): the events after
 * `afterSeq` that fit the budget, and where the next page starts.
 */
import { answerChars, eventChars, fittingCount, MAX_ANSWER_CHARS } from './answerBudget';
import type { SessionAnswer } from './follow';

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
