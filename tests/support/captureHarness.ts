/**
 * Runs the page-world hook in the test's DOM window and folds what it posts into a tab session
 * exactly as the background does, so a test sees the session document a user would.
 */
import { parseEnvelope, type CaptureEnvelope } from '../../lib/shared/captureEnvelope';
import { DEFAULT_SETTINGS } from '../../lib/shared/messages';
import { PAGE_EVENT_NAME } from '../../lib/shared/pageChannel';
import { installPageHook } from '../../lib/page-world/pageHook';
import { applyEnvelope, newTabSession, type TabSession } from '../../lib/background/tabSession';
import { toSessionDocument } from '../../lib/background/document';
import type { PageRecorder } from '../../lib/page-world/pageRecorder';

export type FetchBehaviour = (url: string, body: string) => 'ok' | 'fail500' | 'reject';

export interface CaptureHarness {
  envelopes: CaptureEnvelope[];
  requests: { url: string; body: string }[];
  rejected: unknown[];
  recorder: PageRecorder;
  setBehaviour(fn: FetchBehaviour): void;
  session(): TabSession;
  document(): ReturnType<typeof toSessionDocument>['document'];
  settle(ms?: number): Promise<void>;
}

export function installCaptureHarness(): CaptureHarness {
  const requests: { url: string; body: string }[] = [];
  const envelopes: CaptureEnvelope[] = [];
  const rejected: unknown[] = [];
  let behaviour: FetchBehaviour = () => 'ok';
  // A stand-in for the network, installed before the hook so the hook wraps it like a real fetch.
  window.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = String(init?.body ?? '');
    requests.push({ url, body });
    const outcome = behaviour(url, body);
    if (outcome === 'reject') throw new TypeError('Failed to fetch');
    return new Response('{"success":true}', { status: outcome === 'fail500' ? 500 : 200 });
  }) as typeof fetch;
  window.addEventListener(PAGE_EVENT_NAME, (event) => {
    const envelope = parseEnvelope((event as CustomEvent).detail);
    if (envelope) envelopes.push(envelope);
    else rejected.push((event as CustomEvent).detail);
  });
  const recorder = installPageHook(window as Window & typeof globalThis);
  if (!recorder) throw new Error('hook installed twice');
  return {
    envelopes,
    requests,
    rejected,
    recorder,
    setBehaviour: (fn) => (behaviour = fn),
    session() {
      const session = newTabSession(1);
      for (const e of envelopes) applyEnvelope(session, e, DEFAULT_SETTINGS);
      return session;
    },
    document() {
      return toSessionDocument(this.session(), { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    },
    async settle(ms = 50) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      recorder.flush();
    },
  };
}
