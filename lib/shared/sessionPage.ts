/**
 * A plain `session:get` answer (no `since`) paged by bytes: Chrome caps a runtime message at
 * 64 MiB, which 81 events of ~1 MB each already pass, so an answer carries the events after
 * `afterSeq` that fit a character budget and says where the next page starts.
 */
import type { SessionAnswer } from './follow';

/** UTF-16 units of JSON per answer: UTF-8 at most triples them, still under 64 MiB. */
export const MAX_ANSWER_CHARS = 16 * 1024 * 1024;

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
  let chars = JSON.stringify({ ...built, document: { ...document, events: [] }, page: { total: 0, nextSeq: 0 } }).length;
  const events: typeof document.events = [];
  for (const event of document.events) {
    if (afterSeq !== undefined && event.seq <= afterSeq) continue;
    const size = JSON.stringify(event).length + 1;
    if (events.length > 0 && chars + size > maxChars) {
      return { ...built, document: { ...document, events }, page: { total: document.events.length, nextSeq: events[events.length - 1]!.seq } };
    }
    events.push(event);
    chars += size;
  }
  return { ...built, document: { ...document, events }, page: { total: document.events.length, nextSeq: null } };
}
