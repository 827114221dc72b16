// @vitest-environment happy-dom
/**
 * A snippet stub queues calls before its library loads: until the library says whether it keeps
 * its identity in storage, what storage holds may be another page's. Real analytics-next with
 * client persistence off, taking over the stub as the standalone build does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';
import { runSnippet } from '../../tests/support/snippetStub';

type AnyFn = (...args: unknown[]) => unknown;
const w = window as unknown as Record<string, unknown>;
let h: CaptureHarness;

beforeAll(() => {
  localStorage.setItem('ajs_user_id', JSON.stringify('someone-else'));
  h = installCaptureHarness();
});

describe('stored identity behind a snippet stub', () => {
  it('is not read while the stub waits for its library, and is nothing once a library that keeps it in memory took over', async () => {
    const stub = runSnippet('analytics') as unknown as Record<string, AnyFn>;
    stub.identify!('u-stub');
    stub.track!('Queued');
    await h.settle();
    expect(h.document().events.map((e) => e.name ?? e.type)).toEqual(['identify', 'Queued']);
    expect(h.document().segment.identity?.userId).not.toBe('someone-else');

    const { AnalyticsBrowser } = await import('@segment/analytics-next');
    const [instance] = await AnalyticsBrowser.load(
      { writeKey: 'wk-stub', cdnSettings: { integrations: { 'Segment.io': { apiKey: 'wk-stub' } }, metrics: { sampleRate: 0 } } as never },
      { integrations: { 'Segment.io': false }, disableClientPersistence: true },
    );
    // as the standalone build does: replay what the stub queued, then take the global
    const queued = (w.analytics as unknown[][]).splice(0);
    w.analytics = instance;
    await Promise.all(queued.map(([method, ...args]) => (instance as unknown as Record<string, AnyFn>)[method as string]!(...args)));
    await h.settle();
    expect(h.document().segment.identity).toEqual({ userId: null, anonymousId: null, groupId: null, traits: null, source: 'none' });
  });
});
