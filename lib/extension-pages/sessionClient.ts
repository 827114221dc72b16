/**
 * How extension pages (panel, popup, full view) talk to the background about a tab's session.
 * The messenger is injected, so this is tested without a browser.
 */
import * as v from 'valibot';
import { SessionChangedSchema, answered, type PageAnswers, type PageMessage, type Reply, type Send, type SessionRowsAnswer, type Settings } from '../shared/messages';
import { mergeSessionDelta, type FollowedSession, type FollowPoint, type SessionAnswer, type SessionDelta } from '../shared/follow';
import type { SessionEvent } from '../shared/session/schema';
import type { EventSummary } from '../shared/session/summary';

/** An extension page's line to the background: typed requests out, anything in (validated). */
export interface Messenger {
  send: Send<PageMessage, PageAnswers>;
  onMessage(listener: (message: unknown) => void): () => void;
}

/**
 * Brings a follower up to date page by page. It keeps the revision of the first page: whatever
 * changes while later pages are fetched has a newer revision and comes with the next refresh.
 */
async function followPages<A extends { delta: SessionDelta }, F extends { epoch: string; rev: number }>(
  prev: F | null,
  follower: string,
  ask: (since: FollowPoint & { follower: string }, page: number) => Promise<A | null>,
  merge: (held: F | null, answer: A) => F,
  onPage: (held: F) => void,
): Promise<F | null> {
  const base = prev ? { epoch: prev.epoch, rev: prev.rev, follower } : { epoch: '', rev: 0, follower };
  let current: F | null = null;
  let firstRev = 0;
  let afterSeq: number | undefined;
  for (let page = 0; ; page++) {
    const answer = await ask(afterSeq === undefined ? base : { ...base, afterSeq }, page);
    if (!answer) return null;
    if (current === null) {
      current = merge(prev, answer);
      firstRev = answer.delta.rev;
    } else {
      // A later page of the same answer adds to the first; it never starts over.
      current = merge(current, { ...answer, delta: { ...answer.delta, full: false } });
    }
    if (answer.delta.nextSeq === null) return { ...current, rev: firstRev };
    onPage({ ...current, rev: firstRev });
    afterSeq = answer.delta.nextSeq;
  }
}

/** Brings a document follower (the whole session, for the Identity view and exports) up to date. */
export function followTabSession(m: Messenger, tabId: number, follower: string, prev: FollowedSession | null): Promise<FollowedSession | null> {
  const ask = async (since: FollowPoint & { follower: string }) => {
    const answer = await m.send({ type: 'session:get', tabId, since });
    return answer && 'delta' in answer ? answer : null;
  };
  return followPages(prev, follower, ask, mergeSessionDelta, () => {});
}

/** A live tab as the panel's list follows it: the document's facts and every event's summary. */
export interface FollowedRows extends SessionAnswer {
  /** in seq order */
  rows: EventSummary[];
  epoch: string;
  rev: number;
  /** events in the session; more than `rows.length` while later pages are still coming */
  total: number;
}

/**
 * Summaries per answer of a fresh follow: the first fills the list's first screen at once, the
 * second stays small so the panel's thread is free to paint it; the rest come in full pages.
 */
export const FRESH_ROWS_PAGES = [500, 5000] as const;

/**
 * Folds one `session:rows` answer into what the follower had: changed summaries replace theirs
 * by id, new ones (newer than everything kept, seqs only grow) are appended, evicted ones dropped.
 */
export function mergeRowsDelta(prev: FollowedRows | null, answer: SessionRowsAnswer): FollowedRows {
  const { delta, document, status, rows } = answer;
  const total = delta.total;
  if (!prev || delta.full || prev.epoch !== delta.epoch) return { document, status, rows, epoch: delta.epoch, rev: delta.rev, total };
  if (rows.length === 0 && (prev.rows[0]?.seq ?? Infinity) >= delta.firstSeq) return { ...prev, document, status, rev: delta.rev, total };
  const changed = new Map(rows.map((row) => [row.id, row]));
  const kept = prev.rows.filter((row) => row.seq >= delta.firstSeq).map((row) => {
    const update = changed.get(row.id);
    if (!update) return row;
    changed.delete(row.id);
    return update;
  });
  return { document, status, rows: kept.concat([...changed.values()].sort((a, b) => a.seq - b.seq)), epoch: delta.epoch, rev: delta.rev, total };
}

/**
 * Brings a row follower up to date, reporting after each page so the list shows the first rows
 * as soon as they arrive; a fresh follow asks for a small first page.
 */
export function followTabRows(
  m: Messenger,
  tabId: number,
  follower: string,
  prev: FollowedRows | null,
  onPage: (rows: FollowedRows) => void = () => {},
): Promise<FollowedRows | null> {
  const ask = async (since: FollowPoint & { follower: string }, page: number) => {
    const limit = prev === null ? FRESH_ROWS_PAGES[page] : undefined;
    return answered(await m.send({ type: 'session:rows', tabId, since, ...(limit ? { limit } : {}) }));
  };
  return followPages(prev, follower, ask, mergeRowsDelta, onPage);
}

/** One event in full, for the detail pane, with the event its PF link points to. */
export async function getEvent(m: Messenger, tabId: number, id: string): Promise<{ event: SessionEvent | null; linked: SessionEvent | null }> {
  const answer = answered(await m.send({ type: 'session:event', tabId, id }));
  if (!answer) throw new Error('the background did not answer with the event');
  return answer;
}

/** Seqs of the tab's events the search text matches; null: the text filters nothing. */
export async function searchTab(m: Messenger, tabId: number, text: string): Promise<Set<number> | null> {
  const answer = answered(await m.send({ type: 'session:search', tabId, text }));
  if (!answer) throw new Error('the background did not answer the search');
  return answer.seqs && new Set(answer.seqs);
}

/**
 * The tab's whole session, read page by page (each answer is bounded by bytes): for one-off
 * readers such as an export, not for a page that follows the session.
 */
export async function readTabSession(m: Messenger, tabId: number): Promise<SessionAnswer | null> {
  let whole: SessionAnswer | null = null;
  let afterSeq: number | undefined;
  for (;;) {
    const answer = await m.send(afterSeq === undefined ? { type: 'session:get', tabId } : { type: 'session:get', tabId, afterSeq });
    if (!answer || !('page' in answer)) return null;
    whole = whole ? { ...answer, document: { ...answer.document, events: whole.document.events.concat(answer.document.events) } } : { document: answer.document, status: answer.status };
    if (answer.page.nextSeq === null) return whole;
    afterSeq = answer.page.nextSeq;
  }
}

/**
 * Calls `onChange` when the tab's session changed, at most once per `intervalMs`: a page firing
 * thousands of events a second must not make the panel re-read the session thousands of times.
 */
export function watchTabSession(m: Messenger, tabId: number, onChange: () => void, intervalMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  const off = m.onMessage((raw) => {
    const parsed = v.safeParse(SessionChangedSchema, raw);
    if (!parsed.success || parsed.output.tabId !== tabId || timer) return;
    const wait = Math.max(0, last + intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      onChange();
    }, wait);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}

function settingsIn(reply: Reply<Settings>): Settings {
  const settings = answered(reply);
  if (!settings) throw new Error(`the background did not answer with the settings (${reply && 'error' in reply ? reply.error : 'no answer'})`);
  return settings;
}

export async function getSettings(m: Messenger): Promise<Settings> {
  return settingsIn(await m.send({ type: 'settings:get' }));
}

/** The settings after the change. */
export async function setSettings(m: Messenger, settings: Partial<Settings>): Promise<Settings> {
  return settingsIn(await m.send({ type: 'settings:set', settings }));
}
