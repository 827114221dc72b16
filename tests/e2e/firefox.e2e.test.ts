/**
 * The page-side capture in real Firefox (firefox-esr, MV3 build), driven over WebDriver BiDi.
 *
 * What this can check: the unpacked Firefox build installs (`webExtension.install`), its MAIN-world
 * hook runs before the page's scripts, records the page's Segment calls (stub and instance), what
 * analytics-next built and what went over the network, and dispatches well-formed envelopes on
 * `window`; the page's own calls still reach the (mock) Segment API; the page logs no errors.
 * The relay → background → session path, the panel, popup, badge and the event page's suspension
 * in Firefox are covered by tests/e2e/browsers.e2e.test.ts (its Firefox driver starts Firefox with
 * system access, which moz-extension:// pages need); this file checks the page side on its own.
 *
 * Run: `npx wxt build -b firefox --mv3` (CI's `npm test` does), then
 *   npx vitest run -c vitest.e2e.config.ts tests/e2e/firefox.e2e.test.ts
 * Another build: E2E_FIREFOX_EXTENSION_PATH=.tmp/ff-out/firefox-mv3.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import { ENVELOPE_TAG, PAGE_EVENT_NAME } from '../../lib/shared/pageChannel';
import { readEnvelope } from '../../lib/shared/captureEnvelope';
import { DEFAULT_FIREFOX_EXTENSION_PATH, FIREFOX_PATH, firefoxAvailable, launchFirefox, type BidiEvent, type BidiSession, type LaunchedFirefox } from './bidi';

interface FixtureServer {
  origin: string;
  requests: { path: string; body: { type?: string; event?: string; messageId?: string } }[];
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

interface Rec {
  kind: string;
  [k: string]: unknown;
}
interface CallRec extends Rec {
  kind: 'call';
  cid: number;
  method: string;
  args: unknown[];
  via: string;
  globalName: string | null;
}
interface BuiltRec extends Rec {
  kind: 'built';
  cid: number;
  built: { type?: string; event?: string; userId?: string; messageId?: string };
  messageId: string | null;
}
interface NetRec extends Rec {
  kind: 'network';
  rid: number;
  url: string;
  transport: string;
  status: string;
  httpStatus: number | null;
  events: { messageId: string; type: string }[];
}
interface Envelope {
  tag: string;
  instance: string;
  batch: number;
  url: string;
  title: string;
  top: boolean;
  records: Rec[];
}

interface PageState {
  done: boolean;
  raw: unknown[];
  analyticsType: string;
}

const TIMINGS: Record<string, number> = {};
const tick = (name: string, since: number) => (TIMINGS[name] = Date.now() - since);

let server: FixtureServer;
let ff: LaunchedFirefox | undefined;
let bidi: BidiSession;
let extensionId = '';

// Runs in the page realm (no sandbox) of every new document before the page's own scripts.
const COLLECTOR = `() => {
  window.__envelopes = [];
  window.addEventListener(${JSON.stringify(PAGE_EVENT_NAME)}, (e) => window.__envelopes.push(e.detail));
}`;

const STATE_EXPR = `JSON.stringify({
  done: window.__fixtureDone === true,
  raw: window.__envelopes || null,
  analyticsType: typeof window.analytics,
})`;

async function pageState(context: string): Promise<PageState> {
  return JSON.parse((await bidi.evaluate(context, STATE_EXPR)) as string) as PageState;
}

function parseEnvelopes(raw: unknown[]): Envelope[] {
  return raw.map((d) => {
    expect(typeof d).toBe('string');
    // read as the background reads it: request bodies become their network records there
    const { envelope, refusals } = readEnvelope(d);
    expect(envelope).not.toBeNull();
    // an ordinary capture has nothing to refuse; if something is, this says which check refused what
    expect(refusals).toEqual([]);
    return envelope as unknown as Envelope;
  });
}

const recordsOf = (envs: Envelope[]) => envs.flatMap((e) => e.records);
const calls = (recs: Rec[]) => recs.filter((r): r is CallRec => r.kind === 'call');
const builts = (recs: Rec[]) => recs.filter((r): r is BuiltRec => r.kind === 'built');
/**
 * One entry per request id: a request reports once sent (with its events) and once settled
 * (status; events may be left out), so take the newest status and every event reported.
 */
const networkFinal = (recs: Rec[]) => {
  const byRid = new Map<number, NetRec>();
  for (const r of recs) {
    if (r.kind !== 'network') continue;
    const n = r as NetRec;
    const prev = byRid.get(n.rid);
    const events = [...(prev?.events ?? [])];
    for (const e of n.events) if (!events.some((x) => x.messageId === e.messageId)) events.push(e);
    byRid.set(n.rid, { ...n, events });
  }
  return [...byRid.values()];
};
const deliveredIds = (recs: Rec[]) =>
  new Set(networkFinal(recs).filter((n) => n.status === 'delivered').flatMap((n) => n.events.map((e) => e.messageId)));

/** Opens a tab, navigates (wait: complete) and polls until `ready` holds for the page state. */
async function openAndCollect(url: string, ready: (s: PageState, envs: Envelope[]) => boolean, timeoutMs = 15_000) {
  const { context } = await bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
  const errors: BidiEvent[] = [];
  const off = bidi.on((e) => {
    if (e.method !== 'log.entryAdded') return;
    const p = e.params as { level?: string; source?: { context?: string } };
    if (p.level === 'error' && p.source?.context === context) errors.push(e);
  });
  const t0 = Date.now();
  await bidi.send('browsingContext.navigate', { context, url, wait: 'complete' });
  const navMs = Date.now() - t0;
  let state: PageState = await pageState(context);
  let envs: Envelope[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    envs = state.raw ? parseEnvelopes(state.raw) : [];
    if (state.done && ready(state, envs)) break;
    if (Date.now() > deadline) {
      throw new Error(
        `${url}: not ready after ${timeoutMs} ms (fixtureDone=${state.done}, envelopes=${state.raw?.length ?? 'none'}, records=${JSON.stringify(recordsOf(envs).map((r) => [r.kind, r.method ?? r.status ?? '']))})`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
    state = await pageState(context);
  }
  const readyMs = Date.now() - t0;
  // A console line logged now is the marker for late records and errors: BiDi reports a page's
  // log entries in order, so anything the page raised before it is in once it arrives.
  const marker = `collect-marker-${t0}`;
  const marked = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${url}: the console marker never arrived`)), 30_000);
    const stop = bidi.on((e) => {
      if (e.method === 'log.entryAdded' && (e.params as { text?: string }).text === marker) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
  await bidi.evaluate(context, `console.log(${JSON.stringify(marker)}); 1`);
  await marked;
  state = await pageState(context);
  envs = parseEnvelopes(state.raw ?? []);
  off();
  return { context, state, envs, errors, navMs, readyMs };
}

/**
 * Why setup could not run (no firefox-esr, no build, ...). Every test fails with it, so a machine
 * without Firefox reports failures, never skips.
 */
let setupError: Error | null = null;
function requireSetup(): void {
  if (setupError) throw setupError;
}

async function setup(): Promise<void> {
  if (!firefoxAvailable()) {
    throw new Error(
      `firefox-esr is not installed (${FIREFOX_PATH} missing). This suite fails rather than skips: run \`apt-get install -y firefox-esr\` (CI's .ci/run does).`,
    );
  }
  const extPath = DEFAULT_FIREFOX_EXTENSION_PATH;
  if (!fs.existsSync(path.join(extPath, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extPath}: run \`npx wxt build -b firefox --mv3\` (or set E2E_FIREFOX_EXTENSION_PATH).`);
  }
  const t0 = Date.now();
  server = await startFixtureServer();
  ff = await launchFirefox();
  TIMINGS.firefoxStartup = ff.startupMs;
  let t = Date.now();
  bidi = await ff.connect({ alwaysMatch: { acceptInsecureCerts: false } });
  tick('sessionNew', t);
  await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
  t = Date.now();
  const installed = await bidi.send<{ extension: string }>('webExtension.install', {
    extensionData: { type: 'path', path: extPath },
  });
  tick('webExtensionInstall', t);
  extensionId = installed.extension;
  await bidi.send('script.addPreloadScript', { functionDeclaration: COLLECTOR });
  tick('setupTotal', t0);
}

beforeAll(async () => {
  try {
    await setup();
  } catch (e) {
    setupError = e as Error;
  }
}, 60_000);

afterAll(async () => {
  const t = Date.now();
  await ff?.close();
  await server?.close();
  tick('cleanup', t);
  if (ff) {
    expect(fs.existsSync(ff.profileDir)).toBe(false);
    console.log(`[firefox e2e] timings (ms): ${JSON.stringify(TIMINGS)}`);
  }
});

describe('page-side capture in real Firefox (WebDriver BiDi)', () => {
  it('firefox-esr starts and the unpacked MV3 build installs as a temporary add-on', () => {
    requireSetup();
    expect(extensionId).toBe('segment-pf-companion@example.org');
  });

  it('snippet + standalone.js: stub and instance calls, built events and deliveries are dispatched as envelopes', async () => {
    requireSetup();
    const before = server.requests.length;
    const names = (recs: Rec[]) => calls(recs).map((c) => `${c.method}:${typeof c.args[0] === 'string' && c.method === 'track' ? c.args[0] : ''}`);
    const wanted = ['identify:', 'page:', 'track:Queued Before Load', 'track:After Load'];
    const r = await openAndCollect(`${server.origin}/snippet-standalone.html`, (_s, envs) => {
      const recs = recordsOf(envs);
      const b = builts(recs).filter((x) => x.messageId);
      const ids = deliveredIds(recs);
      return wanted.every((w) => names(recs).includes(w)) && b.length >= 4 && b.every((x) => ids.has(x.messageId!));
    });
    TIMINGS.snippetNavigate = r.navMs;
    TIMINGS.snippetReady = r.readyMs;

    // Envelopes: JSON strings with our tag, one instance (top document), batches numbered from 0.
    expect(r.envs.length).toBeGreaterThan(0);
    for (const e of r.envs) {
      expect(e.tag).toBe(ENVELOPE_TAG);
      expect(e.top).toBe(true);
      expect(e.url).toBe(`${server.origin}/snippet-standalone.html`);
      expect(Array.isArray(e.records)).toBe(true);
    }
    expect(new Set(r.envs.map((e) => e.instance)).size).toBe(1);
    expect(r.envs.map((e) => e.batch)).toEqual(r.envs.map((_e, i) => i));

    const recs = recordsOf(r.envs);
    const cs = calls(recs).filter((c) => ['identify', 'page', 'track'].includes(c.method));
    expect(cs.map((c) => [c.method, c.method === 'track' ? c.args[0] : null, c.via])).toEqual([
      ['identify', null, 'stub'],
      ['page', null, 'stub'],
      ['track', 'Queued Before Load', 'stub'],
      ['track', 'After Load', 'instance'],
    ]);
    expect(cs[0]!.args.slice(0, 2)).toEqual(['u-1', { email: 'ann@example.com' }]);
    expect(cs.every((c) => c.globalName === 'analytics')).toBe(true);

    // Each call was built once (the newest copy per call), with a messageId, and delivered 200.
    const latestBuilt = new Map<number, BuiltRec>();
    for (const b of builts(recs)) latestBuilt.set(b.cid, b);
    const built = cs.map((c) => latestBuilt.get(c.cid));
    expect(built.every(Boolean)).toBe(true);
    const ids = built.map((b) => b!.messageId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(4);
    expect(built[0]!.built).toMatchObject({ type: 'identify', userId: 'u-1' });
    expect(built[3]!.built).toMatchObject({ type: 'track', event: 'After Load' });

    const nets = networkFinal(recs).filter((n) => n.events.some((e) => ids.includes(e.messageId)));
    expect(nets.length).toBeGreaterThanOrEqual(4);
    for (const n of nets) {
      expect(n).toMatchObject({ status: 'delivered', httpStatus: 200 });
      expect(n.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/[ipt]$/);
    }

    const seg = recs.filter((x) => x.kind === 'segment').at(-1);
    expect(seg).toMatchObject({ library: 'analytics-next', globalName: 'analytics', onWindow: true, writeKey: 'k' });

    // The page's own calls still reached the mock API, with the same messageIds.
    const sent = server.requests.slice(before).map((q) => q.body.messageId);
    for (const id of ids) expect(sent).toContain(id);

    expect(r.errors.map((e) => JSON.stringify(e.params))).toEqual([]);

    // Control for the assertion above: an uncaught error in this page does reach log.entryAdded.
    const seen = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      const off = bidi.on((e) => {
        const p = e.params as { level?: string; text?: string; source?: { context?: string } };
        if (e.method === 'log.entryAdded' && p.level === 'error' && p.source?.context === r.context && /bidi-error-probe/.test(p.text ?? '')) {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
    });
    await bidi.evaluate(r.context, `setTimeout(() => { throw new Error('bidi-error-probe'); }, 0); 1`);
    expect(await seen).toBe(true);
    await bidi.send('browsingContext.close', { context: r.context });
  });

  it('npm-only (AnalyticsBrowser.load, no window.analytics): calls recorded via the instance', async () => {
    requireSetup();
    const before = server.requests.length;
    const methods = ['identify', 'track', 'page', 'group', 'alias'];
    const r = await openAndCollect(`${server.origin}/npm-only.html?auto=1`, (_s, envs) => {
      const recs = recordsOf(envs);
      const ids = deliveredIds(recs);
      const b = builts(recs).filter((x) => x.messageId);
      return methods.every((m) => calls(recs).some((c) => c.method === m)) && b.length >= 5 && b.every((x) => ids.has(x.messageId!));
    });
    TIMINGS.npmNavigate = r.navMs;
    TIMINGS.npmReady = r.readyMs;

    expect(r.state.analyticsType).toBe('undefined');
    for (const e of r.envs) expect(e.tag).toBe(ENVELOPE_TAG);
    const recs = recordsOf(r.envs);
    const cs = calls(recs);
    expect(cs.map((c) => c.method).sort()).toEqual([...methods].sort());
    expect(cs.every((c) => c.via === 'instance')).toBe(true);
    expect(cs.every((c) => c.globalName === null)).toBe(true);

    const seg = recs.filter((x) => x.kind === 'segment').at(-1);
    expect(seg).toMatchObject({ library: 'analytics-next', onWindow: false, globalName: null });

    const latestBuilt = new Map<number, BuiltRec>();
    for (const b of builts(recs)) latestBuilt.set(b.cid, b);
    const ids = cs.map((c) => latestBuilt.get(c.cid)?.messageId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    const nets = networkFinal(recs).filter((n) => n.events.some((e) => ids.includes(e.messageId)));
    expect(nets.length).toBeGreaterThanOrEqual(5);
    for (const n of nets) expect(n).toMatchObject({ status: 'delivered', httpStatus: 200 });

    const sent = server.requests.slice(before).map((q) => q.body.messageId);
    for (const id of ids) expect(sent).toContain(id);

    expect(r.errors.map((e) => JSON.stringify(e.params))).toEqual([]);
    await bidi.send('browsingContext.close', { context: r.context });
  });
});
