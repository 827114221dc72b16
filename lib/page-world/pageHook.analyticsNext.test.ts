// @vitest-environment happy-dom
/**
 * The page-world hook against the real @segment/analytics-next (npm build), loaded after the
 * hook as a page's bundle would be: its official inspector hook hands us the instance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';

let h: CaptureHarness;
type Browser = import('@segment/analytics-next').AnalyticsBrowser;
let analytics: Browser;

beforeAll(async () => {
  h = installCaptureHarness();
  const { AnalyticsBrowser } = await import('@segment/analytics-next');
  analytics = AnalyticsBrowser.load(
    { writeKey: 'wk-unit', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'wk-unit' } }, metrics: { sampleRate: 0 } } as never },
    { integrations: { 'Segment.io': { apiHost: '127.0.0.1:9/v1', protocol: 'http' } } },
  );
  await analytics.ready();
});

const segmentEvents = () => h.document().events.filter((e) => e.source === 'segment');
const byName = (name: string) => segmentEvents().find((e) => e.name === name);

describe('analytics-next through __SEGMENT_INSPECTOR__', () => {
  it('knows the library, version and write key, and that it is not on window', async () => {
    await h.settle();
    const doc = h.document();
    expect(doc.segment).toMatchObject({ detected: true, library: 'analytics-next', writeKey: 'wk-unit', onWindow: false, globalName: null });
    expect(doc.segment.version).toMatch(/^\d+\.\d+\.\d+/);
    expect((window as unknown as Record<string, unknown>).analytics).toBeUndefined();
  });

  it('records raw arguments, the built event and the sent payload, joined by messageId', async () => {
    const ctx = await analytics.track('Order Completed', { total: 42 }, { context: { traits: { email: 'a@example.com' } } });
    await h.settle();
    const event = byName('Order Completed')!;
    expect(event.args).toEqual(['Order Completed', { total: 42 }, { context: { traits: { email: 'a@example.com' } } }]);
    expect(event.built).toMatchObject({ type: 'track', event: 'Order Completed', properties: { total: 42 }, messageId: ctx.event.messageId });
    expect(event.sent).toMatchObject({ type: 'track', messageId: ctx.event.messageId, writeKey: 'wk-unit' });
    expect(event.delivery).toMatchObject({ status: 'delivered', httpStatus: 200, url: 'http://127.0.0.1:9/v1/t' });
    expect(event.via).toBe('instance');
  });

  it('handles the identify overloads as the library does', async () => {
    await analytics.identify({ email: 'anon@example.com' });
    await analytics.identify('u-42', { email: 'ann@example.com' }, {}, () => undefined);
    await h.settle();
    const identifies = segmentEvents().filter((e) => e.type === 'identify');
    expect(identifies.map((e) => e.args[0])).toEqual([{ email: 'anon@example.com' }, 'u-42']);
    expect((identifies[0]!.built as { userId: unknown }).userId).toBeNull();
    expect(identifies[1]!.built).toMatchObject({ userId: 'u-42', traits: { email: 'ann@example.com' } });
    expect(identifies[1]!.args[3]).toMatch(/^\[Function/);
  });

  it('handles track({event, properties}), page(category, name, props), group and alias', async () => {
    await analytics.track({ event: 'Object Form', properties: { a: 1 } } as never);
    await analytics.page('Docs', 'Install', { path: '/install' });
    await analytics.group('g-1', { plan: 'pro' });
    await analytics.alias('u-43');
    await h.settle();
    expect(byName('Object Form')?.type).toBe('track');
    const page = segmentEvents().find((e) => e.type === 'page' && e.name === 'Install')!;
    expect(page.built).toMatchObject({ category: 'Docs', name: 'Install', properties: { path: '/install' } });
    expect(segmentEvents().find((e) => e.type === 'group')!.built).toMatchObject({ groupId: 'g-1' });
    // analytics-next 1.84.3 builds alias('u-43') with the current userId (domain.md §3): recorded as built.
    const alias = segmentEvents().find((e) => e.type === 'alias')!;
    expect(alias.args).toEqual(['u-43']);
    expect(alias.built).toMatchObject({ type: 'alias', userId: 'u-42' });
  });

  it('marks a 500 as failed and a request that never gets an answer as blocked', async () => {
    h.setBehaviour((_url, body) => (body.includes('Will Fail') ? 'fail500' : body.includes('Will Block') ? 'reject' : 'ok'));
    await analytics.track('Will Fail');
    await analytics.track('Will Block');
    await h.settle(200);
    h.setBehaviour(() => 'ok');
    expect(byName('Will Fail')!.delivery).toMatchObject({ status: 'failed', httpStatus: 500 });
    expect(byName('Will Block')!.delivery).toMatchObject({ status: 'blocked', httpStatus: null });
  });

  it('sees reset() and setAnonymousId(id), and the identity kept in storage', async () => {
    analytics.setAnonymousId('anon-7');
    await analytics.reset();
    await analytics.identify('u-99');
    await h.settle();
    const types = segmentEvents().map((e) => e.type);
    expect(types).toContain('reset');
    expect(types).toContain('setAnonymousId');
    const doc = h.document();
    expect(doc.segment.identity).toMatchObject({ userId: 'u-99', source: 'localStorage' });
  });

  it('keeps values that cannot be copied as placeholders, and the page sees no error', async () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const hostile = {
      big: 10n,
      fn: function onDone() {},
      get boom(): never {
        throw new Error('getter');
      },
    };
    await expect(analytics.track('Hostile', { cyclic, hostile } as never)).resolves.toBeTruthy();
    await h.settle();
    const args = byName('Hostile')!.args[1] as Record<string, Record<string, unknown>>;
    expect(args.cyclic!.self).toBe('[Circular ~.1.cyclic]');
    expect(args.hostile).toMatchObject({ big: '[BigInt 10]', fn: '[Function onDone]' });
    expect(h.rejected).toEqual([]);
  });

  it('assigns strictly increasing seqs and unique ids', () => {
    const events = h.document().events;
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});
