/**
 * How extension pages (panel, popup, full view) talk to the background about a tab's session.
 * The messenger is injected, so this is tested without a browser.
 */
import * as v from 'valibot';
import { SessionChangedSchema, answered, type PageAnswers, type PageMessage, type Reply, type Send, type Settings } from '../shared/messages';
import { mergeSessionDelta, type FollowedSession, type SessionAnswer } from '../shared/follow';

/** An extension page's line to the background: typed requests out, anything in (validated). */
export interface Messenger {
  send: Send<PageMessage, PageAnswers>;
  onMessage(listener: (message: unknown) => void): () => void;
}

/**
 * Brings a follower up to date, page by page for large sessions. It keeps the revision of the
 * first page: whatever changes while later pages are fetched has a newer revision and comes with
 * the next refresh.
 */
export async function followTabSession(m: Messenger, tabId: number, follower: string, prev: FollowedSession | null): Promise<FollowedSession | null> {
  const base = prev ? { epoch: prev.epoch, rev: prev.rev, follower } : { epoch: '', rev: 0, follower };
  let current: FollowedSession | null = null;
  let firstRev = 0;
  let afterSeq: number | undefined;
  for (;;) {
    const since = afterSeq === undefined ? base : { ...base, afterSeq };
    const answer = await m.send({ type: 'session:get', tabId, since });
    if (!answer || !('delta' in answer)) return null;
    if (current === null) {
      current = mergeSessionDelta(prev, answer);
      firstRev = answer.delta.rev;
    } else {
      // A later page of the same answer adds to the first; it never starts over.
      current = mergeSessionDelta(current, { ...answer, delta: { ...answer.delta, full: false } });
    }
    if (answer.delta.nextSeq === null) return { ...current, rev: firstRev };
    afterSeq = answer.delta.nextSeq;
  }
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
