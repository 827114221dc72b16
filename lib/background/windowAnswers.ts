/**
 * What an open panel asks about a live tab instead of holding the whole session: the list's
 * event summaries (followed like the document, page by page), one event in full for the detail
 * pane, and the seqs a search matches. All are read from the document the DocumentCache built,
 * so the badge, the followers and these answers share one computation of the verdicts.
 */
import { toSessionDelta } from '../shared/follow';
import type { PageAnswers, PageMessage } from '../shared/messages';
import { MAX_ROWS_PER_ANSWER } from '../shared/messages';
import type { SessionDocument, SessionEvent } from '../shared/session/schema';
import { answerChars, fittingCount, MAX_ANSWER_CHARS } from '../shared/answerBudget';
import { summarize } from '../shared/session/summary';
import { matchingSeqs, parseSearch } from '../shared/session/search';
import type { StoredAnswers } from './storedAnswers';

interface WindowState {
  answers: Pick<StoredAnswers, 'read'>;
}

type Answering<K extends 'session:rows' | 'session:event' | 'session:search'> = (message: Extract<PageMessage, { type: K }>) => Promise<PageAnswers[K]>;

export interface WindowAnswers {
  'session:rows': Answering<'session:rows'>;
  'session:event': Answering<'session:event'>;
  'session:search': Answering<'session:search'>;
}

const byId = new WeakMap<SessionDocument, Map<string, SessionEvent>>();

function eventsById(document: SessionDocument): Map<string, SessionEvent> {
  let index = byId.get(document);
  if (!index) {
    index = new Map(document.events.map((event) => [event.id, event]));
    byId.set(document, index);
  }
  return index;
}

export function createWindowAnswers({ answers }: WindowState): WindowAnswers {
  return {
    'session:rows': async ({ tabId, since, limit }) =>
      answers.read(tabId, (answer, followed) => {
        // Rows are budgeted by their own bytes (a summary carries the event's name and user id, not its payload).
        const delta = toSessionDelta(followed, answer, since, limit ?? MAX_ROWS_PER_ANSWER, Infinity);
        const all = delta.document.events.map(summarize);
        const document = { ...delta.document, events: [] };
        const fit = fittingCount(all, answerChars({ ...delta, document, rows: [] }), MAX_ANSWER_CHARS);
        const rows = fit < all.length ? all.slice(0, fit) : all;
        const nextSeq = fit < all.length ? rows[rows.length - 1]!.seq : delta.delta.nextSeq;
        return { ...delta, document, delta: { ...delta.delta, nextSeq }, rows };
      }),
    'session:event': async ({ tabId, id }) =>
      answers.read(tabId, (answer) => {
        const index = eventsById(answer.document);
        const event = index.get(id) ?? null;
        const linkId = event?.pfLink?.eventId;
        return { event, linked: linkId !== undefined ? (index.get(linkId) ?? null) : null };
      }),
    'session:search': async ({ tabId, text }) =>
      answers.read(tabId, (answer) => {
        const seqs = matchingSeqs(answer.document.events, text);
        return { seqs: seqs && [...seqs], error: parseSearch(text).error };
      }),
  };
}
