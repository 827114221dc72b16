/**
 * How extension pages (panel, popup, full view) talk to the background about a tab's session.
 * The messenger is injected, so this is tested without a browser.
 */
import * as v from 'valibot';
import { SessionChangedSchema, type RuntimeMessage, type Settings } from '../protocol';
import type { StatusLight } from '../session/document';
import type { SessionDocument } from '../session/schema';

export interface Messenger {
  send(message: RuntimeMessage): Promise<unknown>;
  onMessage(listener: (message: unknown) => void): () => void;
}

export interface TabSessionAnswer {
  document: SessionDocument;
  status: StatusLight;
}

export async function fetchTabSession(m: Messenger, tabId: number): Promise<TabSessionAnswer | null> {
  const answer = (await m.send({ type: 'session:get', tabId })) as TabSessionAnswer | { ok: false } | undefined;
  return answer && 'document' in answer ? answer : null;
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

export async function getSettings(m: Messenger): Promise<Settings> {
  return (await m.send({ type: 'settings:get' })) as Settings;
}

export async function setSettings(m: Messenger, settings: Partial<Settings>): Promise<Settings> {
  return (await m.send({ type: 'settings:set', settings })) as Settings;
}
