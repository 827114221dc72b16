/**
 * Security: page-supplied HTML/script payloads are shown as text by the extension's pages;
 * forged page messages cannot reach beyond the page's own tab's capture; nothing leaves the machine.
 * Fixture pages: tests/fixtures/pages/hard-xss.*, hard-burst.*.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { waitForSession } from './session';
import { brokenImageSettled } from './drivers/markers';
import {
  DEFAULT_EXTENSION_PATH,
  launchWithExtension,
  openExtensionPage,
  sendExtensionMessage,
  tabIdOf,
  waitForFixture,
  type LaunchedWithExtension,
} from './harness';

interface FixtureServer {
  origin: string;
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';
const SVG = '<svg onload="window.__pwned=3"></svg>';


/** No payload turned into markup or ran in an extension page. */
async function expectInert(page: Page): Promise<void> {
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    imgX: document.querySelectorAll('img[src="x"], img[onerror]').length,
    svgOnload: document.querySelectorAll('svg[onload]').length,
    payloadScripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
  }));
  expect(state).toEqual({ pwned: undefined, imgX: 0, svgOnload: 0, payloadScripts: 0 });
}

/** Opens every collapsed node of the JSON trees on the page (a few rounds: children appear). */
async function expandAll(page: Page): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const toggles = page.locator('button[aria-label^="Expand"]');
    const n = await toggles.count();
    if (n === 0) return;
    for (let i = n - 1; i >= 0; i--) await toggles.nth(i).click().catch(() => undefined);
  }
}

/**
 * The page's text once every value shown is expanded. Polled: the detail pane renders after the
 * row is opened, so expanding once right after the key press can find nothing to expand yet.
 */
async function panelTextExpanded(page: Page): Promise<string> {
  await expandAll(page);
  return page.evaluate(() => document.body.innerText);
}

describe('security', () => {
  let server: FixtureServer;
  let ext: LaunchedWithExtension;
  let extPage: Page;
  const extErrors: string[] = [];

  beforeAll(async () => {
    server = await startFixtureServer();
    ext = await launchWithExtension();
    extPage = await openExtensionPage(ext.context, ext.extensionId, 'manifest.json');
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  async function extensionPage(pathAndQuery: string): Promise<Page> {
    const page = await openExtensionPage(ext.context, ext.extensionId, pathAndQuery);
    page.on('pageerror', (e) => extErrors.push(`${pathAndQuery}: ${e.message}`));
    return page;
  }

  it('(a) payloads in event names, properties and traits are shown as text in the panel and the popup', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/hard-xss.html`);
    await waitForFixture(page);
    const tabId = await tabIdOf(page);
    const doc = await waitForSession(extPage, tabId, (d) => d.events.length >= 4);
    expect(doc.events.map((e) => e.name)).toEqual([null, IMG, 'Plain Event', IMG]);

    const panel = await extensionPage(`devtools-panel.html?tabId=${tabId}`);
    await panel.getByText(IMG).first().waitFor({ state: 'visible', timeout: 30_000 });
    await expectInert(panel);
    // Open the track's detail: its properties (the <script> payload, the <svg> key) as text.
    // Rows are in capture order: identify, track(IMG), track('Plain Event'), page.
    const row = panel.getByRole('option').nth(1);
    await expect.poll(() => row.innerText()).toContain(IMG);
    await row.click();
    await row.press('Enter');
    await expect.poll(async () => panelTextExpanded(panel), { timeout: 30_000 }).toContain(SCRIPT);
    const text = await panel.evaluate(() => document.body.innerText);
    expect(text).toContain(IMG);
    expect(text).toContain('key<b>');
    await expectInert(panel);
    // the identify's traits
    const identify = panel.getByRole('option').nth(0);
    await identify.click();
    await identify.press('Enter');
    // JSON strings are shown escaped ("<svg onload=\\"…\\">"): look for the quote-free part.
    await expect.poll(async () => panelTextExpanded(panel), { timeout: 30_000 }).toContain('<svg onload=');
    await expectInert(panel);

    const popup = await extensionPage(`popup.html?tabId=${tabId}`);
    await popup.getByText(IMG).first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await popup.evaluate(() => document.body.innerText)).toContain(`track ${IMG}`);
    await expectInert(popup);
    await brokenImageSettled(panel);
    await expectInert(panel);
    expect(extErrors).toEqual([]);
    await Promise.all([panel.close(), popup.close(), page.close()]);
  });

  it('(a) the diagnose page shows a pasted payload as text', async () => {
    const file = path.join(DEFAULT_EXTENSION_PATH, 'diagnose.html');
    // The diagnose page is part of the build (entrypoints/diagnose).
    expect(fs.existsSync(file)).toBe(true);
    const diagnose = await extensionPage('diagnose.html');
    const pasted = JSON.stringify([
      { type: 'identify', userId: `u-${IMG}`, traits: { email: 'x@example.com', name: SVG }, messageId: 'm-1' },
      { type: 'track', event: IMG, userId: `u-${IMG}`, properties: { html: SCRIPT }, messageId: 'm-2' },
    ]);
    await diagnose.locator('textarea').first().fill(pasted);
    // The payload shows up as text outside the textarea (identity cards, verdicts, timeline).
    const outside = () =>
      diagnose.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement;
        for (const t of clone.querySelectorAll('textarea')) t.remove();
        return clone.textContent ?? '';
      });
    await expect.poll(outside, { timeout: 30_000 }).toContain('onerror="window.__pwned=1"');
    await expectInert(diagnose);
    await brokenImageSettled(diagnose);
    await expectInert(diagnose);
    expect(extErrors).toEqual([]);
    await diagnose.close();
  });

  it('(b) malformed page messages are ignored; a forged envelope only adds to its own tab', async () => {
    const other = await ext.context.newPage();
    await other.goto(`${server.origin}/hard-burst.html?n=3&prefix=Other`);
    await waitForFixture(other);
    const otherTab = await tabIdOf(other);
    const otherBefore = await waitForSession(extPage, otherTab, (d) => d.events.length >= 3);
    expect(otherBefore.events).toHaveLength(3);

    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/hard-burst.html?n=2&prefix=Mine`);
    await waitForFixture(page);
    const tabId = await tabIdOf(page);
    expect(tabId).not.toBe(otherTab);
    const before = await waitForSession(extPage, tabId, (d) => d.events.length >= 2);
    expect(before.events).toHaveLength(2);

    const outcome = await page.evaluate((tabIds) => {
      const NAME = '__segment_pf_companion__';
      const TAG = 'segment-pf-companion/page@1';
      const call = (name: string, cid: number) => ({ kind: 'call', cid, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: null });
      const envelope = (instance: string, records: unknown[], extra: object = {}) => ({ tag: TAG, instance, batch: 0, url: 'https://forged.example/', title: 'forged', top: false, records, ...extra });
      const send = (detail: unknown) => window.dispatchEvent(new CustomEvent(NAME, { detail }));
      const bad: unknown[] = [
        JSON.stringify(envelope('i-tag', [call('Bad Tag', 1)], { tag: 'segment-pf-companion/page@2' })),
        JSON.stringify(envelope('i-batch', [call('Bad Batch', 1)], { batch: '0' })),
        JSON.stringify(envelope('i-top', [call('Bad Top', 1)], { top: 'false' })),
        JSON.stringify(envelope('i-records', 'nope' as unknown as unknown[])),
        JSON.stringify(envelope('i-kind', [{ ...call('Bad Kind', 1), kind: 'evil' }])),
        JSON.stringify(envelope('i-cid', [{ ...call('Bad Cid', 1), cid: 'x' }])),
        JSON.stringify(envelope('i-via', [{ ...call('Bad Via', 1), via: 'admin' }])),
        JSON.stringify(envelope('i-method', [{ ...call('Long Method', 1), method: 'm'.repeat(5000) }])),
        JSON.stringify(envelope('i'.repeat(65), [call('Long Instance', 1)])),
        JSON.stringify(envelope('i-url', [call('Huge Url', 1)], { url: 'u'.repeat(2_000_000) })),
        '{' + 'x'.repeat(5_000_000),
        'not json',
        JSON.stringify(JSON.stringify(envelope('i-double', [call('Double Encoded', 1)]))),
        envelope('i-object', [call('Object Detail', 1)]),
        [JSON.stringify(envelope('i-array', [call('Array Detail', 1)]))],
        42,
        null,
        undefined,
        // not envelopes at all: other message types a page might try
        JSON.stringify({ type: 'session:clear', tabId: tabIds.mine }),
        JSON.stringify({ type: 'session:clear', tabId: tabIds.other }),
        JSON.stringify({ type: 'settings:set', settings: { limit: 100, preserveLog: false } }),
        JSON.stringify({ type: 'capture:batch', envelopes: [envelope('i-nested', [call('Nested Batch', 1)])] }),
        JSON.stringify({ ...envelope('i-typed', [call('Typed Envelope', 1)]), type: 'session:clear', tabId: tabIds.other }),
      ];
      for (const detail of bad) send(detail);
      window.postMessage({ type: 'session:clear', tabId: tabIds.mine }, '*');
      window.postMessage({ type: 'session:clear', tabId: tabIds.other }, '*');
      // A well-formed forged envelope, last: once it is in the session, everything before was handled.
      send(JSON.stringify(envelope('i-forged', [call('Forged Sentinel', 1)])));
      const c = (window as unknown as { chrome?: { runtime?: { id?: string; sendMessage?: unknown } } }).chrome;
      return { runtimeId: c?.runtime?.id ?? null, sendMessage: typeof c?.runtime?.sendMessage };
    }, { mine: tabId, other: otherTab });
    // The page world has no way to message the extension directly.
    expect(outcome).toEqual({ runtimeId: null, sendMessage: 'undefined' });

    const after = await waitForSession(extPage, tabId, (d) => d.events.some((e) => e.name === 'Forged Sentinel'));
    const added = after.events.slice(before.events.length);
    // 'Typed Envelope' is a valid envelope with extra keys (valibot strips them): it only adds an event here.
    // Records are checked one by one: an over-long method or URL is cut with a marker, not its envelope dropped.
    // Every event is the top frame's (frameUrl null): the sender decides, not the envelope's `top` or `url`.
    expect(added.map((e) => [e.name, e.frameUrl])).toEqual([
      [null, null],
      ['Huge Url', null],
      ['Typed Envelope', null],
      ['Forged Sentinel', null],
    ]);
    expect(added[0]!.type).toMatch(/^m{4000,}…\[Truncated 4\.9 KB\]$/);
    expect(after.capture?.rejected).toBeGreaterThan(0);
    // The page's own events are still there: nothing was cleared.
    expect(after.events.slice(0, 2).map((e) => e.name)).toEqual(['Mine 0', 'Mine 1']);
    // The other tab's own next call is the marker: a forged write to it would be in before it.
    await other.evaluate(() => (window as unknown as { mini: { track(name: string): unknown } }).mini.track('Other 3'));
    const otherAfter = await waitForSession(extPage, otherTab, (d) => d.events.some((e) => e.name === 'Other 3'));
    expect(otherAfter.events.map((e) => e.name)).toEqual([...otherBefore.events.map((e) => e.name), 'Other 3']);
    const settings = await sendExtensionMessage(extPage, { type: 'settings:get' });
    expect(settings).toEqual({ limit: 20_000, preserveLog: true });
    await Promise.all([page.close(), other.close()]);
  });

  it('(c) the extension reaches nothing off the machine', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/npm-only.html?auto=1`);
    await waitForFixture(page);
    const tabId = await tabIdOf(page);
    const panel = await extensionPage(`devtools-panel.html?tabId=${tabId}`);
    await panel.getByText('Npm Track').first().waitFor({ state: 'visible', timeout: 30_000 });
    const popup = await extensionPage(`popup.html?tabId=${tabId}`);
    await popup.getByText(/Npm Track/).first().waitFor({ state: 'visible', timeout: 30_000 });
    await popup.waitForLoadState('networkidle', { timeout: 30_000 });
    expect(ext.blockedUrls).toEqual([]);
    expect(ext.blockedOutbound).toBe(0);
    await Promise.all([panel.close(), popup.close(), page.close()]);
  });

  it('(c) the built code has no network calls in the background and no URLs but library constants', () => {
    const root = DEFAULT_EXTENSION_PATH;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.(js|html|json)$/.test(entry.name)) files.push(p);
      }
    };
    walk(root);
    const background = fs.readFileSync(path.join(root, 'background.js'), 'utf8');
    for (const api of ['fetch(', 'XMLHttpRequest', 'sendBeacon', 'WebSocket', 'EventSource', 'importScripts(']) {
      expect(background.includes(api), `background.js uses ${api}`).toBe(false);
    }
    // Extension pages, the relay and the background never call the network APIs themselves
    // (the page hook wraps the page's fetch/XHR/sendBeacon, so it names them, but never calls them on its own).
    // One known exception: papaparse's remote-file streamer (`Papa.parse(url, { download: true })`),
    // bundled into the users-import worker; lib/shared/identity/importUsers.ts only parses strings.
    const PAPAPARSE_STREAMER = /this\._readChunk=function\(\)\{if\(this\._finished\)this\._chunkLoaded\(\);else\{if\(\w+=new XMLHttpRequest,this\._config\.withCredentials/g;
    // And Vite's modulepreload polyfill, which fetches the page's own <link rel=modulepreload> (extension files).
    const MODULEPRELOAD_POLYFILL = /e\.ep=!0;let n=t\(e\);fetch\(e\.href,n\)/g;
    for (const f of files.filter((f) => !f.includes('page-hook'))) {
      const code = fs.readFileSync(f, 'utf8').replace(PAPAPARSE_STREAMER, '').replace(MODULEPRELOAD_POLYFILL, '');
      expect(/\bfetch\s*\(|new\s+XMLHttpRequest|sendBeacon\s*\(|new\s+WebSocket|new\s+EventSource/.test(code), path.relative(root, f)).toBe(false);
    }
    // XML namespaces, React error-decoder links, papaparse's licence banner: constants, never requested.
    // The webhook preview's cURL placeholder for a URL the user has not typed: text, never requested.
    // @wxt-dev/storage's error messages (storage used outside an extension): text, never requested.
    const allowed = [
      /^http:\/\/www\.w3\.org\//,
      /^https:\/\/react\.dev\/errors\//,
      /^https:\/\/github\.com\/mholt\/PapaParse$/,
      /^https:\/\/PF-WEBHOOK-URL$/,
      /^https:\/\/github\.com\/wxt-dev\/wxt\/issues\/371$/,
      /^https:\/\/wxt\.dev\/guide\/go-further\/testing\.html$/,
    ];
    const urls = new Set<string>();
    for (const f of files) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/https?:\/\/[^\s"'`)<>\\]+/g)) urls.add(m[0]);
    }
    const unexpected = [...urls].filter((u) => !allowed.some((re) => re.test(u)));
    expect(unexpected).toEqual([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as { permissions?: string[]; host_permissions?: string[]; externally_connectable?: unknown };
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.externally_connectable).toBeUndefined();
  });
});
