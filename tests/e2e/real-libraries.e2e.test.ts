/**
 * Issue 10: the real Segment libraries from npm (exact-pinned devDependencies, built into
 * tests/fixtures/pages/gen/ by build-fixtures.mjs), served offline from 127.0.0.1 with the mock
 * Segment API. One table of setups; for each, every call the page made is one event (never a stub
 * orphan or a network-only copy), with what the library built and what was sent, and the right
 * delivery status; and the page logs and sends exactly the same without the extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension, launchWithoutExtension, type Launched, type LaunchedWithExtension } from './harness';
import { brief, sessionReader, type FixtureServer, type SessionReader } from './session';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { pollUntil } from './drivers/poll';

const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

type Expected = [type: string, name: string | null];
const QUEUED: Expected[] = [['identify', null], ['page', null], ['track', 'Queued Before Load']];
const LIVE: Expected[] = [['track', 'After Load'], ['identify', null]];

interface Scenario {
  name: string;
  path: string;
  /** every Segment event the session must hold, in capture order, each exactly once */
  events: Expected[];
  library: 'analytics-next' | 'analytics.js';
  writeKey: string;
  /** how many of them were queued on the snippet stub and replayed */
  replayed: number;
  /** the library puts the messageId on the built event (analytics.js 2.x adds it only when sending) */
  builtHasMessageId: boolean;
  /**
   * Classic analytics.js from the CDN replays the snippet's queue before `window.analytics` is the
   * instance, so nothing can see what it built for those calls: they are joined to what was sent.
   */
  replayedBuiltUnseen?: boolean;
  fromFrame?: boolean;
  /** events of independent instances arrive in either order */
  anyOrder?: boolean;
  /** the instances the overview must show, each with the events it sent (default: one, with all of them) */
  instances?: { library: string; writeKey: string; globalName: string | null; onWindow: boolean; sentEvents: number }[];
}

const SCENARIOS: Scenario[] = [
  { name: 'snippet 5.2.1 + analytics-next standalone', path: '/real-snippet.html?v=5&key=k-s5', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-s5', replayed: 3, builtHasMessageId: true },
  { name: 'snippet 4.15.3 + analytics-next standalone', path: '/real-snippet.html?v=4&key=k-s4', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-s4', replayed: 3, builtHasMessageId: true },
  { name: 'snippet 4.0.0 (older text) + analytics-next standalone', path: '/real-snippet.html?v=old&key=k-sold', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-sold', replayed: 3, builtHasMessageId: true },
  { name: 'snippet 4.15.3 + standalone, batching delivery', path: '/real-snippet.html?v=4&key=k-batch', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-batch', replayed: 3, builtHasMessageId: true },
  { name: 'analytics-next bundled from npm by Vite', path: '/real-npm.html?key=k-npm', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-npm', replayed: 0, builtHasMessageId: true },
  { name: 'analytics-next wrapped by analytics-consent-tools', path: '/real-npm.html?key=k-consent&consent=1', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-consent', replayed: 0, builtHasMessageId: true },
  { name: 'classic analytics.js-core 4.x + Segment.io integration, CDN order', path: '/real-classic.html?key=classic-k', events: [...QUEUED, ...LIVE], library: 'analytics.js', writeKey: 'classic-k', replayed: 3, builtHasMessageId: true, replayedBuiltUnseen: true },
  { name: 'analytics.js 2.x from npm', path: '/real-ajs2.html?key=k-ajs2', events: [...QUEUED, ...LIVE], library: 'analytics.js', writeKey: 'k-ajs2', replayed: 0, builtHasMessageId: false },
  { name: 'a page that replaced builtins and DOM accessors after document_start (JSON.stringify, Array.prototype.toJSON, String, RegExp, Object and Array methods, Storage#getItem, document.title/cookie, Response#status, URL…)', path: '/real-snippet.html?v=5&key=k-builtins&builtins=1', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-builtins', replayed: 3, builtHasMessageId: true },
  {
    name: 'two instances: the snippet\'s window.analytics and an npm instance with another write key',
    path: '/real-two.html?key=k-two',
    events: [['track', 'From Npm'], ['track', 'From Snippet'], ['track', 'Snippet Live']],
    anyOrder: true,
    library: 'analytics-next',
    writeKey: 'k-two',
    replayed: 1,
    builtHasMessageId: true,
    instances: [
      { library: 'analytics-next', writeKey: 'k-npm', globalName: null, onWindow: false, sentEvents: 1 },
      { library: 'analytics-next', writeKey: 'k-two', globalName: 'analytics', onWindow: true, sentEvents: 2 },
    ],
  },
  { name: 'snippet 4.15.3 in a same-origin iframe', path: '/real-frames.html?key=k-top', events: [...QUEUED, ...LIVE], library: 'analytics-next', writeKey: 'k-frame', replayed: 3, builtHasMessageId: true, fromFrame: true },
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Replaces what is random per run (ids, timestamps) with placeholders. */
function normalise(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(UUID, '<uuid>')
    .replace(/ajs-next-\d+-<uuid>/g, '<messageId>')
    .replace(/ajs-[0-9a-f]{32}/g, '<messageId>')
    .replace(ISO, '<timestamp>')
    .replace(/beacon-\d+/g, '<beaconId>')
    .replace(/"(timestamp|sentAt|receivedAt|originalTimestamp|t)":\d{12,}/g, '"$1":"<ms>"');
  return JSON.parse(text);
}

/** Segment events the mock API received since `from` (a batch counts its entries). */
function apiEvents(server: FixtureServer, from: number): unknown[] {
  return server.requests.slice(from).flatMap((r) => (Array.isArray(r.body?.batch) ? r.body.batch : [r.body]));
}

/** Waits until `ok` holds for what `fn` returns, through the drivers' one poll loop. */
async function until<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const { value } = await pollUntil(async () => {
    const value = await fn();
    return ok(value) ? { value } : null;
  }, timeoutMs, what);
  return value;
}

interface PageRun {
  log: unknown[];
  requests: unknown[];
  pageErrors: string[];
  page: Page;
}

/** Each run starts without the identity earlier runs stored (both browsers run the same pages). */
async function forgetStorage(context: BrowserContext, server: FixtureServer): Promise<void> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${server.origin}/real-common.js`);
  await page.evaluate(() => localStorage.clear());
  await page.close();
}

async function runPage(context: BrowserContext, server: FixtureServer, s: Scenario): Promise<PageRun> {
  await forgetStorage(context, server);
  const from = server.requests.length;
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.origin + s.path);
  await page.waitForFunction(() => (window as unknown as { __real?: { done: boolean } }).__real?.done === true, null, { timeout: 20_000 });
  await until(`${s.name}: API events`, () => apiEvents(server, from).length, (n) => n >= s.events.length);
  const log = await page.evaluate(() => {
    const frame = document.querySelector('iframe')?.contentWindow as unknown as { __real?: { log: unknown[] } } | undefined;
    return [...(window as unknown as { __real: { log: unknown[] } }).__real.log, ...(frame?.__real?.log ?? [])];
  });
  const requests = server.requests
    .slice(from)
    .map((r) => normalise({ path: r.path, body: r.body }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { log, requests, pageErrors, page };
}

const messageIdOf = (v: unknown) => (v && typeof v === 'object' ? (v as { messageId?: unknown }).messageId : undefined);

describe('real Segment libraries: every call recorded once, as it happened', () => {
  let server: FixtureServer;
  let plain: Launched;
  let ext: LaunchedWithExtension;
  let sessions: SessionReader;

  beforeAll(async () => {
    server = await startFixtureServer();
    plain = await launchWithoutExtension();
    ext = await launchWithExtension();
    sessions = await sessionReader(ext);
  });
  afterAll(async () => {
    await sessions?.close();
    await ext?.close();
    await plain?.close();
    await server?.close();
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const without = await runPage(plain.context, server, s);
      await without.page.close();
      const withExt = await runPage(ext.context, server, s);
      const tabId = await sessions.tabId(withExt.page);
      const settled = (e: SessionEvent) => e.delivery?.status !== 'pending';
      const answer = await sessions.until(tabId, (a) => a.document.events.filter((e) => e.source === 'segment').length >= s.events.length && a.document.events.every(settled), 20_000);
      const doc: SessionDocument = answer.document;
      const events = doc.events.filter((e) => e.source === 'segment');
      const summary = JSON.stringify(events.map(brief));

      const seen = events.map((e) => [e.type, e.name]);
      expect(s.anyOrder ? seen.sort((a, b) => String(a[1]).localeCompare(String(b[1]))) : seen, summary).toEqual(s.events);
      expect(events.filter((e) => e.via === 'network'), summary).toEqual([]);
      expect(events.filter((e) => e.replayed).length, summary).toBe(s.replayed);
      for (const e of events) {
        const builtUnseen = s.replayedBuiltUnseen === true && e.replayed === true;
        if (builtUnseen) expect(e.built, `built of ${e.type} ${e.name}`).toBeNull();
        else expect(e.built, `built of ${e.type} ${e.name}`).not.toBeNull();
        expect(e.sent, `sent of ${e.type} ${e.name}`).not.toBeNull();
        if (s.builtHasMessageId && !builtUnseen) expect(messageIdOf(e.built)).toBe(messageIdOf(e.sent));
        if (!s.builtHasMessageId) expect(messageIdOf(e.built)).toBeUndefined();
        expect(e.delivery).toMatchObject({ status: 'delivered', httpStatus: 200 });
        expect(e.frameUrl !== null).toBe(s.fromFrame === true);
      }
      // A subframe's Segment is its own, shown with its origin; it never becomes the page's.
      const facts = s.fromFrame ? doc.frames?.[0]?.segment : doc.segment;
      expect(facts).toMatchObject({ detected: true, library: s.library, writeKey: s.writeKey });
      if (s.fromFrame) expect(doc.segment.writeKey).not.toBe(s.writeKey);
      const instances = [...(doc.segment.instances ?? [])].sort((a, b) => String(a.writeKey).localeCompare(String(b.writeKey)));
      expect(instances.map(({ frameUrl: _frame, version: _version, ...rest }) => rest)).toEqual(
        s.instances ?? [{ library: s.library, writeKey: s.writeKey, globalName: s.path.includes('npm') ? null : 'analytics', onWindow: !s.path.includes('npm'), sentEvents: s.events.length }],
      );
      for (const i of instances) expect(i.frameUrl !== null).toBe(s.fromFrame === true);

      // The page saw and sent exactly the same with the extension.
      expect(withExt.pageErrors).toEqual([]);
      expect(withExt.log).toEqual(without.log);
      expect(withExt.requests).toEqual(without.requests);
      await withExt.page.close();
    });
  }

  it('leaving the page: the batch analytics-next flushes on page hide (keepalive) and a beacon from the page\'s pagehide handler, each once, status unknown; a Blob beacon to a proxied path is read', async () => {
    const path = '/real-pagehide.html?key=batchslow-ph';
    const leave = async (context: BrowserContext) => {
      await forgetStorage(context, server);
      const from = server.requests.length;
      const page = await context.newPage();
      await page.goto(server.origin + path);
      await page.waitForFunction(() => (window as unknown as { __real?: { done: boolean } }).__real?.done === true, null, { timeout: 20_000 });
      // only the page's Blob beacon leaves before the page is hidden
      await until('the Blob beacon', () => apiEvents(server, from).length, (n) => n === 1);
      await page.goto(`${server.origin}/real-common.js`);
      const received = await until('page-hide requests', () => apiEvents(server, from), (e) => e.length >= 4);
      return { page, received: received.map((e) => normalise(e)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
    };
    const without = await leave(plain.context);
    await without.page.close();
    const withExt = await leave(ext.context);
    expect(withExt.received).toEqual(without.received);

    const tabId = await sessions.tabId(withExt.page);
    const names = ['Batched Before Leaving', 'Also Batched', 'Blob Beacon', 'Left By Beacon'];
    const answer = await sessions.until(tabId, (a) => names.every((n) => a.document.events.some((e) => e.name === n && e.delivery?.status !== 'pending')), 20_000);
    const events = answer.document.events.filter((e) => e.source === 'segment');
    const summary = JSON.stringify(events.map(brief));
    expect(events.map((e) => [e.name, e.via, e.delivery?.status]), summary).toEqual([
      ['Batched Before Leaving', 'instance', 'unknown'],
      ['Also Batched', 'instance', 'unknown'],
      ['Blob Beacon', 'network', 'unknown'],
      ['Left By Beacon', 'network', 'unknown'],
    ]);
    for (const e of events) expect(e.sent, e.name ?? '').not.toBeNull();
    expect(events[0]!.delivery!.attempts![0]).toMatchObject({ transport: 'fetch' });
    for (const beacon of [events[2]!, events[3]!]) {
      expect(beacon.delivery).toMatchObject({ url: `${server.origin}/proxy/v1/t` });
      expect(beacon.delivery!.attempts![0]).toMatchObject({ transport: 'beacon' });
    }
    await withExt.page.close();
  });

  it('the library never loads (its script is refused): the queued calls wait and a diagnostic says why', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/real-snippet.html?v=4&key=blocked-k`);
    const tabId = await sessions.tabId(page);
    const answer = await sessions.until(tabId, (a) => a.document.diagnostics.some((d) => d.code === 'segment-library-not-loaded'), 20_000);
    const events = answer.document.events.filter((e) => e.source === 'segment');
    expect(events.map((e) => [e.type, e.name, e.via, e.delivery?.status])).toEqual(QUEUED.map(([type, name]) => [type, name, 'stub', 'pending']));
    const finding = answer.document.diagnostics.find((d) => d.code === 'segment-library-not-loaded')!;
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain('/analytics.js/v1/blocked-k/analytics.min.js');
    expect(answer.document.segment.loadFailures?.[0]).toMatchObject({ what: 'script' });
    await page.close();
  });
});
