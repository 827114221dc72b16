/**
 * Issue 2 end to end: the built extension in real Chromium, pages on 127.0.0.1 loading the real
 * analytics-next offline with a mock Segment API.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, stopServiceWorker, waitForFixture } from './harness';
import { extensionSuite, named, segmentEvents } from './session';


const suite = extensionSuite();

describe('capture in real Chromium', () => {
  it('(a) snippet + standalone.js: calls queued before load are recorded once, in order, and joined to what was built and sent', async () => {
    const page = await suite.ext.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${suite.server.origin}/snippet-standalone.html`);
    await waitForFixture(page);
    const tabId = await suite.sessions.tabId(page);
    const answer = await suite.sessions.until(tabId, (a) => segmentEvents(a).length >= 4 && segmentEvents(a).every((e) => e.delivery?.status === 'delivered'));
    const events = segmentEvents(answer);
    expect(events.map((e) => [e.type, e.name, e.via, e.replayed ?? false])).toEqual([
      ['identify', null, 'stub', true],
      ['page', null, 'stub', true],
      ['track', 'Queued Before Load', 'stub', true],
      ['track', 'After Load', 'instance', false],
    ]);
    for (const e of events) {
      const built = e.built as { messageId: string };
      expect(built.messageId).toBeTruthy();
      expect((e.sent as { messageId: string }).messageId).toBe(built.messageId);
      expect(e.delivery).toMatchObject({ status: 'delivered', httpStatus: 200 });
      expect(e.delivery!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/[ipt]$/);
    }
    expect(events[0]!.args.slice(0, 2)).toEqual(['u-1', { email: 'ann@example.com' }]);
    expect(events[0]!.built).toMatchObject({ type: 'identify', userId: 'u-1', traits: { email: 'ann@example.com' } });
    expect(answer.document.segment).toMatchObject({ detected: true, library: 'analytics-next', globalName: 'analytics', onWindow: true, writeKey: 'k' });
    expect(answer.document.segment.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(answer.document.segment.identity).toMatchObject({ userId: 'u-1', source: 'localStorage' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('(a) a custom global name from data-global-segment-analytics-key works the same', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/snippet-custom-global.html`);
    await waitForFixture(page);
    const tabId = await suite.sessions.tabId(page);
    const answer = await suite.sessions.until(tabId, (a) => segmentEvents(a).length >= 4 && segmentEvents(a).every((e) => e.built !== null));
    const events = segmentEvents(answer);
    expect(events.filter((e) => e.via === 'stub').length).toBeGreaterThanOrEqual(3);
    expect(events.filter((e) => e.via === 'stub').every((e) => e.replayed)).toBe(true);
    expect(new Set(events.map((e) => (e.built as { messageId: string }).messageId)).size).toBe(events.length);
    expect(answer.document.segment.globalName).toBe('segmentCustom');
    await page.close();
  });

  it('(b) AnalyticsBrowser.load from dist/umd/index.js with no window.analytics', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/npm-only.html?auto=1`);
    await waitForFixture(page);
    expect(await page.evaluate(() => typeof (window as unknown as { analytics?: unknown }).analytics)).toBe('undefined');
    const tabId = await suite.sessions.tabId(page);
    const answer = await suite.sessions.until(tabId, (a) => ['identify', 'track', 'page', 'group', 'alias'].every((t) => segmentEvents(a).some((e) => e.type === t && e.delivery?.status === 'delivered')));
    expect(answer.document.segment).toMatchObject({ detected: true, library: 'analytics-next', onWindow: false, globalName: null });
    expect(segmentEvents(answer).every((e) => e.via === 'instance')).toBe(true);
    expect(answer.document.diagnostics.map((d) => d.code)).toContain('analytics-not-on-window');
    await page.close();
  });

  it('(c) a request answered 500 is failed, one that never gets an answer is blocked', async () => {
    suite.server.setBehaviour(({ body }) => (body?.event === 'Will Fail' ? 'fail500' : body?.event === 'Will Block' ? 'destroy' : 'ok'));
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/npm-only.html`);
    await waitForFixture(page);
    await page.evaluate(() => {
      const f = (window as unknown as { fixture: { track(n: string, p?: object): unknown } }).fixture;
      void f.track('Will Fail', {});
      void f.track('Will Block', {});
      void f.track('Will Pass', {});
    });
    const tabId = await suite.sessions.tabId(page);
    const status = (a: Parameters<typeof named>[0], n: string) => named(a, n)[0]?.delivery?.status;
    const answer = await suite.sessions.until(tabId, (a) => status(a, 'Will Fail') === 'failed' && status(a, 'Will Block') === 'blocked' && status(a, 'Will Pass') === 'delivered');
    expect(named(answer, 'Will Fail')[0]!.delivery).toMatchObject({ status: 'failed', httpStatus: 500 });
    expect(named(answer, 'Will Block')[0]!.delivery).toMatchObject({ status: 'blocked', httpStatus: null });
    suite.server.setBehaviour();
    await page.close();
  });

  it('(d) the service worker stopped mid-session loses nothing and counts nothing twice', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/npm-only.html`);
    await waitForFixture(page);
    const tabId = await suite.sessions.tabId(page);
    const fire = (from: number) =>
      page.evaluate((from) => {
        const f = (window as unknown as { fixture: { track(n: string, p?: object): unknown } }).fixture;
        for (let i = from; i < from + 50; i++) void f.track(`Burst ${i}`, { i });
      }, from);
    await fire(0);
    await stopServiceWorker(suite.ext.context);
    await fire(50);
    await stopServiceWorker(suite.ext.context);
    await fire(100);
    // Wait for every delivery too: analytics-next keeps undelivered events in the origin's
    // localStorage and the next page on this origin would send them (the panel test below saw them).
    const bursts = (a: Parameters<typeof segmentEvents>[0]) => segmentEvents(a).filter((e) => e.name?.startsWith('Burst '));
    const answer = await suite.sessions.until(tabId, (a) => bursts(a).length >= 150 && bursts(a).every((e) => e.delivery?.status === 'delivered'), 90_000);
    const names = bursts(answer).map((e) => e.name);
    expect(names).toHaveLength(150);
    expect(new Set(names).size).toBe(150);
    await page.close();
  });

  it('(e) the panel page, opened as a tab for that tab id, lists the events captured before it opened', async () => {
    const page = await suite.ext.context.newPage();
    // A first visit: no user and no queue of undelivered events that an earlier page left behind.
    await page.goto(`${suite.server.origin}/no-such-page`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${suite.server.origin}/snippet-standalone.html`);
    await waitForFixture(page);
    const tabId = await suite.sessions.tabId(page);
    await suite.sessions.until(tabId, (a) => named(a, 'After Load').length === 1);
    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    const list = panel.getByRole('listbox', { name: 'Events' });
    await list.getByText('Queued Before Load').waitFor();
    await list.getByText('After Load').waitFor();
    const rows = await list.getByRole('option').count();
    expect(rows).toBe(4);
    // live: a call made now shows up without reopening the panel
    await page.evaluate(() => (window as unknown as { analytics: { track(n: string): void } }).analytics.track('Live After Panel Opened'));
    await list.getByText('Live After Panel Opened').waitFor({ timeout: 30_000 });
    await panel.close();
    await page.close();
  });

  it('network truth through XHR and sendBeacon, recognised by payload shape on a proxied path', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/npm-only.html`);
    await waitForFixture(page);
    await page.evaluate(() => {
      const event = (type: string, messageId: string, name: string) => JSON.stringify({ type, messageId, event: name, userId: 'u-net', properties: {}, timestamp: new Date().toISOString() });
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/proxy/v1/t');
      xhr.setRequestHeader('Content-Type', 'text/plain');
      xhr.send(event('track', 'xhr-1', 'Via XHR'));
      navigator.sendBeacon('/proxy/v1/t', event('track', 'beacon-1', 'Via Beacon'));
      void fetch('/proxy/v1/b', { method: 'POST', body: JSON.stringify({ batch: [JSON.parse(event('track', 'batch-1', 'Via Batch'))], writeKey: 'k' }) });
    });
    const tabId = await suite.sessions.tabId(page);
    const status = (a: Parameters<typeof named>[0], n: string) => named(a, n)[0]?.delivery?.status;
    const answer = await suite.sessions.until(tabId, (a) => status(a, 'Via XHR') === 'delivered' && status(a, 'Via Beacon') === 'unknown' && status(a, 'Via Batch') === 'delivered');
    for (const [name, transport] of [['Via XHR', 'xhr'], ['Via Beacon', 'beacon'], ['Via Batch', 'fetch']] as const) {
      const event = named(answer, name)[0]!;
      expect(event).toMatchObject({ via: 'network', type: 'track', sent: { userId: 'u-net' } });
      expect(event.delivery!.url).toContain('/proxy/v1/');
      expect(event.delivery!.attempts!.map((a) => a.transport)).toContain(transport);
    }
    await page.close();
  });
});

