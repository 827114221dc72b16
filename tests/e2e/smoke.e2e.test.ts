import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import {
  launchWithExtension,
  openExtensionPage,
  sendExtensionMessage,
  serviceWorkerStatus,
  stopServiceWorker,
  tabIdOf,
  waitForFixture,
  type LaunchedWithExtension,
} from './harness';

interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: { type?: string; event?: string; userId?: string | null; traits?: Record<string, unknown>; writeKey?: string };
}
interface FixtureServer {
  origin: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

describe('smoke: Chromium + built extension + snippet page', () => {
  let server: FixtureServer;
  let ext: LaunchedWithExtension;

  beforeAll(async () => {
    server = await startFixtureServer();
    ext = await launchWithExtension();
    console.log(`[smoke] Chromium with extension ${ext.extensionId} up in ${ext.startupMs} ms`);
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  it('delivers the queued and the post-load calls to the mock API', async () => {
    const t0 = Date.now();
    const page = await ext.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/snippet-standalone.html`);
    await waitForFixture(page);
    console.log(`[smoke] page done in ${Date.now() - t0} ms`);

    const tracking = server.requests.filter((r) => /\/v1\/[tipgas]$/.test(r.path));
    // Delivery is concurrent: compare without order.
    const seen = tracking.map((r) => [r.path, r.body.type, r.body.event ?? null] as const);
    const key = (x: readonly [string, string | undefined, string | null]) => x.join('|');
    expect([...seen].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      ['/v1/i', 'identify', null],
      ['/v1/p', 'page', null],
      ['/v1/t', 'track', 'Queued Before Load'],
      ['/v1/t', 'track', 'After Load'],
    ].sort((a, b) => a.join('|').localeCompare(b.join('|'))));
    for (const r of tracking) {
      expect(r.body.userId).toBe('u-1');
      expect(r.body.writeKey).toBe('k');
    }
    expect(tracking.find((r) => r.body.type === 'identify')?.body.traits).toMatchObject({ email: 'ann@example.com' });
    expect(errors).toEqual([]);
    expect(typeof ext.blockedOutbound).toBe('number');
    expect(ext.blockedUrls).toEqual([]);
  });

  it('harness helpers: tabIdOf, openExtensionPage, stopServiceWorker and wake-up', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/snippet-standalone.html?key=k2`);
    await waitForFixture(page);

    const worker = await ext.serviceWorker();
    const tabId = await tabIdOf(page);
    expect(tabId).toBeGreaterThanOrEqual(0);

    // Any extension resource works as an extension page; manifest.json exists in every build.
    const extPage = await openExtensionPage(ext.context, ext.extensionId, 'manifest.json');
    expect(extPage.url()).toBe(`chrome-extension://${ext.extensionId}/manifest.json`);
    expect(await tabIdOf(page, extPage)).toBe(tabId);

    await worker.evaluate(() => {
      (globalThis as unknown as { __smokeMarker?: number }).__smokeMarker = 42;
    });
    expect(await serviceWorkerStatus(ext.context, ext.extensionId)).toBe('running');
    const t0 = Date.now();
    await stopServiceWorker(ext.context, { extensionId: ext.extensionId });
    console.log(`[smoke] service worker stopped in ${Date.now() - t0} ms`);
    expect(await serviceWorkerStatus(ext.context, ext.extensionId)).toBe('stopped');

    // A runtime message from an extension page wakes it again, with fresh global state.
    const t1 = Date.now();
    await sendExtensionMessage(extPage, { type: 'session:get', tabId }, 30_000);
    const again = await ext.serviceWorker();
    expect(await serviceWorkerStatus(ext.context, ext.extensionId)).toBe('running');
    expect(await again.evaluate(() => (globalThis as unknown as { __smokeMarker?: number }).__smokeMarker)).toBeUndefined();
    console.log(`[smoke] service worker woken in ${Date.now() - t1} ms`);
    await extPage.close();
    await page.close();
  });
});
