// @vitest-environment happy-dom
/**
 * The stored identity the session shows is what analytics.js itself keeps: with real
 * analytics-next and client persistence off it keeps nothing in storage, so whatever another page
 * left there is not the page's identity (and the hook does not open the origin's storage for it);
 * once an instance that persists is on the page, storage is read again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';

let h: CaptureHarness;
type Browser = import('@segment/analytics-next').AnalyticsBrowser;

/** In an object: an AnalyticsBrowser is a thenable, which `await` would unwrap. */
async function load(writeKey: string, options: Record<string, unknown>): Promise<{ analytics: Browser }> {
  const { AnalyticsBrowser } = await import('@segment/analytics-next');
  const analytics = AnalyticsBrowser.load(
    { writeKey, cdnSettings: { integrations: { 'Segment.io': { apiKey: writeKey } }, metrics: { sampleRate: 0 } } as never },
    { integrations: { 'Segment.io': false }, ...options },
  );
  await analytics.ready();
  return { analytics };
}

beforeAll(() => {
  // another page of this origin, or an earlier version of this one, stored its user
  localStorage.setItem('ajs_user_id', JSON.stringify('someone-else'));
  localStorage.setItem('ajs_anonymous_id', JSON.stringify('their-anon'));
  h = installCaptureHarness();
});

describe('stored identity', () => {
  it('analytics-next with client persistence off: nothing stored, whatever storage holds', async () => {
    const { analytics } = await load('wk-memory', { disableClientPersistence: true });
    await analytics.identify('u-memory');
    await h.settle();
    expect(h.document().segment.identity).toEqual({ userId: null, anonymousId: null, groupId: null, traits: null, source: 'none' });
  });

  it.each([
    ['storage.stores memory only', { storage: { stores: ['memory'] } }, 'u-memory-too'],
    ['user.storage.stores memory only', { user: { storage: { stores: ['memory'] } } }, 'u-memory-too'],
    ['user.disable (no user kept at all)', { user: { disable: true } }, null],
    ['localStorage only, with localStorageFallbackDisabled', { storage: { stores: ['localStorage', 'memory'] }, user: { localStorageFallbackDisabled: true } }, 'u-memory-too'],
  ])('analytics-next with %s keeps no identity in storage: still nothing stored', async (_name, options, kept) => {
    const { analytics } = await load('wk-memory-too', options);
    await analytics.identify('u-memory-too');
    // what the library itself did: its user is in memory (or nowhere), storage still holds the other page's
    expect((await analytics.user()).id()).toBe(kept);
    expect(localStorage.getItem('ajs_user_id')).toBe(JSON.stringify('someone-else'));
    expect(document.cookie).not.toContain('u-memory-too');
    await h.settle();
    expect(h.document().segment.identity).toEqual({ userId: null, anonymousId: null, groupId: null, traits: null, source: 'none' });
  });

  it('an instance that keeps its identity joins: storage is read', async () => {
    const { analytics } = await load('wk-stored', {});
    await analytics.identify('u-stored');
    await h.settle();
    expect(h.document().segment.identity).toMatchObject({ userId: 'u-stored', source: 'localStorage' });
  });
});
