/**
 * Page-breakage conformance: one scripted use of analytics-next (tests/fixtures/pages/
 * hard-conformance.html) runs in Chromium without and with the extension; everything the page
 * can observe (return values, callback and promise order, resolved events, errors, globals, the
 * request bodies the mock API received) is logged and the two logs are compared.
 *
 * A few differences are inherent in hooking a page at all (an accessor that watches
 * `window.analytics` before the page assigns it, the inspector hook's `attach`). Wrapped natives
 * read as native (`fetch.toString()`, name, length) and no flag is left on window. They are listed in
 * INHERENT below, asserted to be exactly what they are, and everything else must be identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import { launchWithExtension, launchWithoutExtension, waitForFixture } from './harness';
import { pollUntil, WAIT_MS } from './drivers/poll';

interface RecordedRequest {
  path: string;
  body: unknown;
}
interface FixtureServer {
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MESSAGE_ID = /ajs-next-\d+-<uuid>/g;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Replaces what is random per run (ids, timestamps) with placeholders. */
function normalise(value: unknown): unknown {
  const text = JSON.stringify(value)
    .replace(UUID, '<uuid>')
    .replace(MESSAGE_ID, '<messageId>')
    .replace(ISO, '<timestamp>')
    // ms epoch numbers under keys analytics-next fills with the clock
    .replace(/"(timestamp|sentAt|receivedAt|originalTimestamp|t)":\d{12,}/g, '"$1":"<ms>"');
  return JSON.parse(text);
}

interface RunResult {
  log: unknown[];
  globals: Record<string, unknown>;
  requests: unknown[];
  pageErrors: string[];
  consoleErrors: string[];
}

async function runOnce(context: BrowserContext, server: FixtureServer): Promise<RunResult> {
  const before = server.requests.length;
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto(`${server.origin}/hard-conformance.html`);
  await waitForFixture(page, 20_000);
  const result = (await page.evaluate(() => (window as unknown as { __conformance: unknown }).__conformance)) as {
    log: unknown[];
    globals: Record<string, unknown>;
    fatal?: string;
  };
  expect(result.fatal).toBeUndefined();
  // Everything the page sent was answered before the last step resolved; a marker request sent
  // after it is where stragglers would have come in.
  await page.evaluate((url) => fetch(url, { method: 'POST', body: '{"conformanceMarker":true}', keepalive: true }).then(() => undefined), `${server.origin}/v1/t`);
  const isMarker = (r: { body: unknown }) => (r.body as { conformanceMarker?: boolean } | null)?.conformanceMarker === true;
  await pollUntil(async () => server.requests.slice(before).some(isMarker), WAIT_MS, 'the marker request');
  const requests = server.requests
    .slice(before)
    .filter((r) => !isMarker(r))
    .map((r) => normalise({ path: r.path, body: r.body }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  await page.close();
  return { log: normalise(result.log) as unknown[], globals: normalise(result.globals) as Record<string, unknown>, requests, pageErrors, consoleErrors };
}

/** Observable differences that come with hooking a page at all (see the file comment). */
const INHERENT: Record<string, { without: unknown; with: unknown }> = {
  // The hook watches assignments to these globals from document_start with an accessor; it is
  // not enumerable until the page assigns it, but `in` and getOwnPropertyDescriptor see it.
  'descriptor:analytics': { without: 'none', with: 'accessor+conf' },
  'in:analytics': { without: false, with: true },
  'descriptor:$productFruits': { without: 'none', with: 'accessor+conf' },
  'descriptor:productFruits': { without: 'none', with: 'accessor+conf' },
  'descriptor:productFruitsUser': { without: 'none', with: 'accessor+conf' },
  // analytics-next's official inspector hook: our `attach` (non-enumerable) is the point of it.
  'inspector:attach': { without: 'undefined', with: 'function' },
  // Function.prototype.toString of a realm the hook never ran in (a fresh about:blank iframe, where
  // content scripts do not run) still shows the wrappers' own source text.
  'fetch.native(fresh realm)': { without: true, with: false },
  // The hook defines __SEGMENT_INSPECTOR__ at document_start, before the library would have
  // created it, so it comes earlier in Object.keys(window) (same set of names, see below).
  pageDefinedKeys: {
    without: ['0', 'webpackChunk_segment_analytics_next', '__SEGMENT_INSPECTOR__', 'AnalyticsNext'],
    with: ['0', '__SEGMENT_INSPECTOR__', 'webpackChunk_segment_analytics_next', 'AnalyticsNext'],
  },
};

describe('conformance: the page observes the same with and without the extension', () => {
  let server: FixtureServer;
  let without: RunResult;
  let withExt: RunResult;

  beforeAll(async () => {
    server = await startFixtureServer();
    const t0 = Date.now();
    const plain = await launchWithoutExtension();
    try {
      without = await runOnce(plain.context, server);
    } finally {
      await plain.close();
    }
    const ext = await launchWithExtension();
    try {
      withExt = await runOnce(ext.context, server);
      expect(ext.blockedUrls).toEqual([]);
    } finally {
      await ext.close();
    }
    console.log(`[conformance] both runs in ${Date.now() - t0} ms; ${without.log.length} log lines, ${without.requests.length} requests`);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the script itself ran every step without page errors', () => {
    for (const run of [without, withExt]) {
      expect(run.pageErrors).toEqual([]);
      expect(run.consoleErrors).toEqual([]);
      const kinds = run.log.map((l) => (l as [number, string])[1]);
      expect(kinds).toContain('resolved:identify(id,traits,opts,cb)');
      expect(kinds).toContain('cb:track4');
      expect(kinds).toContain('ready:cb');
      expect(kinds).toContain('on:track');
      expect(run.requests.length).toBeGreaterThanOrEqual(10);
    }
    // The plugin ran and the mock API received what the library built.
    expect(JSON.stringify(without.requests)).toContain('"enriched":true');
  });

  it('return values, callbacks, promise results, errors and their order are identical', () => {
    expect(withExt.log).toEqual(without.log);
  });

  it('the request bodies the mock API received are identical', () => {
    expect(withExt.requests).toEqual(without.requests);
  });

  it('the page ran its getters and toJSON as often as without the extension', () => {
    expect(withExt.globals.counters).toEqual(without.globals.counters);
  });

  it('globals differ only where hooking is inherent', () => {
    const keys = new Set([...Object.keys(without.globals), ...Object.keys(withExt.globals)]);
    const differences: Record<string, { without: unknown; with: unknown }> = {};
    for (const key of keys) {
      const a = without.globals[key];
      const b = withExt.globals[key];
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      differences[key] = { without: a, with: b };
    }
    console.log('[conformance] inherent differences:', JSON.stringify(differences));
    expect(differences).toEqual(INHERENT);
    // Object.keys(window), for-in, the instance's enumerable keys, names and lengths: identical.
    expect([...(withExt.globals.pageDefinedKeys as string[])].sort()).toEqual([...(without.globals.pageDefinedKeys as string[])].sort());
    for (const key of ['ownSymbols', 'fetch.native', 'fetch.text', 'fetch.toString()', 'toString.native', 'toString.text', 'toString.name', 'instance:track.text', 'xhr.send.text', 'sendBeacon.text', 'descriptor:Function.prototype.toString', 'xhr.send.native', 'xhr.open.native', 'sendBeacon.native', 'windowKeyCount', 'forInCount', 'fetch.name', 'fetch.length', 'xhr.send.name', 'xhr.send.length', 'xhr.open.name', 'xhr.open.length', 'sendBeacon.name', 'sendBeacon.length', 'instance:keys', 'instance:ownNames', 'instance:track===proto.track', 'instance:track.name', 'instance:track.length', 'descriptor:__SEGMENT_INSPECTOR__', 'inspector:keys']) {
      expect(withExt.globals[key], key).toEqual(without.globals[key]);
    }
  });
});
