/**
 * Attacks on the capture, as a hostile page or a third-party iframe would make them: forged
 * envelopes dispatched on the page channel straight from page script. The background must decide
 * who spoke from the message's sender, never from the envelope (docs/threat-model.md).
 * A second origin is the fixture server on `localhost` (the top page is on 127.0.0.1).
 * Fixture pages: tests/fixtures/pages/hard-frames.html, hard-burst.*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { ENVELOPE_TAG, PAGE_EVENT_NAME } from '../../lib/shared/pageChannel';
import { readSession, waitForSession } from './session';
import { launchWithExtension, openExtensionPage, sendExtensionMessage, tabIdOf, waitForFixture, type LaunchedWithExtension } from './harness';

interface FixtureServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

const named = (doc: SessionDocument, prefix: string) => doc.events.filter((e) => e.name?.startsWith(prefix));

/** Dispatches a forged envelope on the page channel from page script in `frame`. */
async function forge(frame: Frame | Page, envelope: Record<string, unknown>): Promise<void> {
  await frame.evaluate(
    ({ name, text }) => window.dispatchEvent(new CustomEvent(name, { detail: text })),
    { name: PAGE_EVENT_NAME, text: JSON.stringify({ tag: ENVELOPE_TAG, ...envelope }) },
  );
}

const call = (cid: number, name: string) => ({ kind: 'call', cid, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: null });

describe('attacks', () => {
  let server: FixtureServer;
  let ext: LaunchedWithExtension;
  let extPage: Page;
  let other: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    other = `http://localhost:${server.port}`;
    ext = await launchWithExtension({ allowHosts: ['localhost'] });
    extPage = await openExtensionPage(ext.context, ext.extensionId, 'popup.html?tabId=999999');
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  /** The frames page with a cross-origin frame and a sandboxed cross-origin frame, all captured. */
  async function framesPage(): Promise<{ page: Page; tabId: number; top: string; cross: Frame; sandboxed: Frame; crossUrl: string; sandboxedUrl: string }> {
    const page = await ext.context.newPage();
    const top = `${server.origin}/hard-frames.html?other=${encodeURIComponent(other)}`;
    await page.goto(top);
    await waitForFixture(page);
    const sandboxedUrl = `${other}/hard-burst.html?n=1&prefix=Sandboxed`;
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.setAttribute('sandbox', 'allow-scripts');
      frame.src = src;
      document.body.appendChild(frame);
    }, sandboxedUrl);
    const tabId = await tabIdOf(page, extPage);
    const ready = await waitForSession(extPage, tabId, (d) => named(d, 'CrossOrigin').length === 3 && named(d, 'Sandboxed').length === 1 && named(d, 'Top Event').length === 1);
    expect(ready.events.map((e) => e.name).sort()).toEqual(['CrossOrigin 0', 'CrossOrigin 1', 'CrossOrigin 2', 'SameOrigin 0', 'SameOrigin 1', 'Sandboxed 0', 'Top Event']);
    const crossUrl = `${other}/hard-burst.html?n=3&prefix=CrossOrigin`;
    const cross = page.frames().find((f) => f.url() === crossUrl)!;
    const sandboxed = page.frames().find((f) => f.url() === sandboxedUrl)!;
    return { page, tabId, top, cross, sandboxed, crossUrl, sandboxedUrl };
  }

  it('a cross-origin or sandboxed frame claiming to be the top frame adds only its own events and sets no page facts', async () => {
    const { page, tabId, top, cross, sandboxed, crossUrl, sandboxedUrl } = await framesPage();
    const before = await readSession(extPage, tabId);
    for (const [frame, label] of [[cross, 'Forged Cross'], [sandboxed, 'Forged Sandboxed']] as const) {
      await forge(frame, {
        instance: `forged-${label}`, batch: 0, url: top, title: 'Hijacked', top: true,
        records: [
          call(1, label),
          { kind: 'segment', library: 'analytics.js', version: '6.6.6', writeKey: 'wk-evil', globalName: 'evil', onWindow: true },
          { kind: 'pf-user', at: Date.now(), via: 'init', user: { username: 'evil', email: 'evil@example.com' } },
        ],
      });
    }
    const doc = await waitForSession(extPage, tabId, (d) => named(d, 'Forged').length === 2);
    expect(named(doc, 'Forged Cross').map((e) => e.frameUrl)).toEqual([crossUrl]);
    expect(named(doc, 'Forged Sandboxed').map((e) => e.frameUrl)).toEqual([sandboxedUrl]);
    expect(doc.page).toEqual(before.page);
    expect(doc.page.title).toBe('Fixture: frames');
    expect(doc.segment.writeKey).toBe('wk-mini');
    expect(doc.segment.version).toBe(before.segment.version);
    expect(doc.productFruits.user).toEqual(before.productFruits.user);
    expect(doc.navigations ?? []).toEqual([]);
    await page.close();
  });

  it('with "preserve log" off, an empty envelope from a subframe does not erase the capture', async () => {
    await sendExtensionMessage(extPage, { type: 'settings:set', settings: { preserveLog: false } });
    try {
      const { page, tabId, top, cross } = await framesPage();
      const before = await readSession(extPage, tabId);
      await forge(cross, { instance: 'fresh-document', batch: 0, url: top, title: 'Wiped', top: true, records: [] });
      await forge(cross, { instance: 'fresh-document-2', batch: 0, url: top, title: 'Wiped', top: true, records: [call(1, 'Marker')] });
      const doc = await waitForSession(extPage, tabId, (d) => named(d, 'Marker').length === 1);
      expect(named(doc, 'Marker')).toHaveLength(1);
      expect(doc.events.length).toBe(before.events.length + 1);
      expect(doc.capture?.evicted).toBe(0);
      expect(doc.page.title).toBe('Fixture: frames');
      await page.close();
    } finally {
      await sendExtensionMessage(extPage, { type: 'settings:set', settings: { preserveLog: true } });
    }
  });

  it("a page that reads its hook's instance id and sends a huge batch number does not switch its capture off", async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/hard-burst.html?n=1&prefix=Before`);
    await waitForFixture(page);
    const tabId = await tabIdOf(page, extPage);
    await waitForSession(extPage, tabId, (d) => named(d, 'Before').length === 1);
    const instance = await page.evaluate((name) => new Promise<string>((resolve) => {
      window.addEventListener(name, (event) => resolve((JSON.parse((event as CustomEvent<string>).detail) as { instance: string }).instance), { once: true });
      (window as unknown as { mini: { track(n: string): void } }).mini.track('Spied');
    }), PAGE_EVENT_NAME);
    await forge(page, { instance, batch: Number.MAX_SAFE_INTEGER, url: page.url(), title: 'x', top: true, records: [] });
    await page.evaluate(() => (window as unknown as { mini: { track(n: string): void } }).mini.track('After Forge'));
    const doc = await waitForSession(extPage, tabId, (d) => named(d, 'After Forge').length === 1);
    expect(named(doc, 'After Forge')).toHaveLength(1);
    await page.close();
  });

  it('a flood of forged envelopes is counted, and another tab still captures meanwhile', async () => {
    const FLOOD = 50_000;
    const flooded = await ext.context.newPage();
    await flooded.goto(`${server.origin}/hard-burst.html?n=1&prefix=Quiet`);
    await waitForFixture(flooded);
    const floodedTab = await tabIdOf(flooded, extPage);
    const bystander = await ext.context.newPage();
    await bystander.goto(`${server.origin}/hard-burst.html?n=1&prefix=Bystander`);
    await waitForFixture(bystander);
    const bystanderTab = await tabIdOf(bystander, extPage);
    await waitForSession(extPage, bystanderTab, (d) => named(d, 'Bystander').length === 1);

    await flooded.evaluate(({ name, tag, count }) => {
      for (let i = 0; i < count; i++) {
        const text = JSON.stringify({ tag, instance: 'flood', batch: i, url: location.href, title: 'Flood', top: true, records: [{ kind: 'call', cid: i, at: Date.now(), source: 'segment', method: 'track', args: [`Flood ${i}`], via: 'instance', globalName: null }] });
        window.dispatchEvent(new CustomEvent(name, { detail: text }));
      }
    }, { name: PAGE_EVENT_NAME, tag: ENVELOPE_TAG, count: FLOOD });
    await bystander.evaluate(() => (window as unknown as { mini: { track(n: string): void } }).mini.track('During Flood'));
    const seen = await waitForSession(extPage, bystanderTab, (d) => named(d, 'During Flood').length === 1, 60_000);
    expect(named(seen, 'During Flood')).toHaveLength(1);

    // Every forged envelope is either kept or counted as refused: none is lost silently.
    const doc = await waitForSession(extPage, floodedTab, (d) => named(d, 'Flood').length + (d.capture?.rejected ?? 0) >= FLOOD, 120_000);
    expect(named(doc, 'Flood').length + (doc.capture?.rejected ?? 0)).toBe(FLOOD);
    expect(doc.capture?.rejected).toBeGreaterThan(0);
    expect(doc.diagnostics.map((f) => f.code)).toContain('capture-refused');
    await flooded.close();
    await bystander.close();
  });
});

