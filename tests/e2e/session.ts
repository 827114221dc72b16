/** Reading a tab's session document from the extension, as the panel does. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import type { SessionAnswer } from '../../lib/shared/follow';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { launchWithExtension, openExtensionPage, sendExtensionMessage, tabIdOf, type LaunchedWithExtension } from './harness';

export type { SessionAnswer };

export interface SessionReader {
  tabId(page: Page): Promise<number>;
  get(tabId: number): Promise<SessionAnswer>;
  /** Polls until `ready(answer)` holds, then returns that answer (or throws with the last one). */
  until(tabId: number, ready: (a: SessionAnswer) => boolean, timeoutMs?: number): Promise<SessionAnswer>;
  close(): Promise<void>;
}

export async function sessionReader(ext: LaunchedWithExtension): Promise<SessionReader> {
  // A blank extension page to talk to the background from, like the panel does.
  const extPage = await openExtensionPage(ext.context, ext.extensionId, 'popup.html?tabId=999999');
  const get = async (tabId: number): Promise<SessionAnswer> => {
    const answer = await sendExtensionMessage(extPage, { type: 'session:get', tabId }, 30_000);
    if (!answer || !('document' in answer)) throw new Error(`no session for tab ${tabId}: ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    tabId: (page) => tabIdOf(page, extPage),
    get,
    async until(tabId, ready, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: SessionAnswer | null = null;
      for (;;) {
        try {
          last = await get(tabId);
          if (ready(last)) return last;
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
        if (Date.now() > deadline) {
          throw new Error(`session never got ready; last events: ${JSON.stringify(last?.document.events.map(brief))}`);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    close: () => extPage.close(),
  };
}

export const brief = (e: SessionEvent) => ({ seq: e.seq, source: e.source, type: e.type, name: e.name, via: e.via, status: e.delivery?.status });
export const segmentEvents = (a: SessionAnswer) => a.document.events.filter((e) => e.source === 'segment');
export const named = (a: SessionAnswer, name: string) => a.document.events.filter((e) => e.name === name);

export interface FixtureServer {
  origin: string;
  requests: { path: string; body: { event?: string; batch?: unknown[] } }[];
  setBehaviour(fn?: (r: { path: string; body: { event?: string } }) => 'ok' | 'fail500' | 'hang' | 'destroy'): void;
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

export interface ExtensionSuite {
  server: FixtureServer;
  ext: LaunchedWithExtension;
  sessions: SessionReader;
}

/** One fixture server and one Chromium with the built extension for a test file, closed after it. */
export function extensionSuite(): ExtensionSuite {
  const suite = {} as ExtensionSuite;
  beforeAll(async () => {
    suite.server = await startFixtureServer();
    suite.ext = await launchWithExtension();
    suite.sessions = await sessionReader(suite.ext);
  });
  afterAll(async () => {
    await suite.sessions?.close();
    await suite.ext?.close();
    await suite.server?.close();
  });
  return suite;
}

/** One `session:get` from an extension page. */
export async function readSession(from: Page, tabId: number): Promise<SessionDocument> {
  const answer = await sendExtensionMessage(from, { type: 'session:get', tabId }, 30_000);
  if (!answer || !('document' in answer)) throw new Error(`session:get gave ${JSON.stringify(answer)}`);
  return answer.document;
}

/** Polls the session until `done(doc)` or the deadline; returns the last document either way. */
export async function waitForSession(from: Page, tabId: number, done: (doc: SessionDocument) => boolean, timeoutMs = 30_000): Promise<SessionDocument> {
  const deadline = Date.now() + timeoutMs;
  let doc = await readSession(from, tabId);
  while (!done(doc) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    doc = await readSession(from, tabId);
  }
  return doc;
}
