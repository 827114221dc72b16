// @vitest-environment happy-dom
/**
 * The snippet stub, replay de-duplication, classic analytics.js, and transparency: what the page
 * gets back from every call is exactly what it would get without the hook.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';
import { runSnippet } from '../../tests/support/snippetStub';

type AnyFn = (...args: unknown[]) => unknown;
const w = window as unknown as Record<string, unknown> & { analytics: unknown; segmentCustom: unknown };

/** A library that behaves like analytics-next's standalone build around the stub. */
class FakeAnalytics {
  initialized = true;
  VERSION = '1.84.3';
  settings = { writeKey: 'wk-stub' };
  private listeners: Record<string, AnyFn[]> = {};
  private queueListeners: Record<string, AnyFn[]> = {};
  /** The library's event queue reports each event once its plugins enriched it. */
  queue = {
    on: (event: string, fn: AnyFn) => {
      (this.queueListeners[event] ??= []).push(fn);
    },
  };
  calls: { method: string; self: unknown; args: unknown[] }[] = [];
  on(event: string, fn: AnyFn) {
    (this.listeners[event] ??= []).push(fn);
    return this;
  }
  private dispatch(method: string, self: unknown, args: unknown[]) {
    this.calls.push({ method, self, args });
    const ctx = { event: { type: method, messageId: `m-${this.calls.length}`, userId: typeof args[0] === 'string' && method === 'identify' ? args[0] : null, properties: {} } };
    for (const fn of this.listeners.dispatch_start ?? []) fn(ctx);
    for (const fn of this.queueListeners.message_enriched ?? []) fn(ctx);
    const callback = args.find((a) => typeof a === 'function') as AnyFn | undefined;
    if (callback) callback(ctx);
    return { returned: method, ctx };
  }
  track(...args: unknown[]) {
    if (args[0] === 'throw me') throw new RangeError('library error');
    return this.dispatch('track', this, args);
  }
  identify(...args: unknown[]) {
    return this.dispatch('identify', this, args);
  }
  page(...args: unknown[]) {
    return this.dispatch('page', this, args);
  }
}

function loadFakeStandalone(key: string): FakeAnalytics {
  const instance = new FakeAnalytics();
  (w.__SEGMENT_INSPECTOR__ as { attach: AnyFn }).attach(instance);
  const stub = w[key] as unknown[][];
  const buffered = stub.splice(0, stub.length);
  w[key] = instance;
  for (const [method, ...args] of buffered) (instance as unknown as Record<string, AnyFn>)[method as string]!(...args);
  return instance;
}

let h: CaptureHarness;
beforeAll(() => {
  h = installCaptureHarness();
});

describe('snippet stub, then the library', () => {
  it('records queued calls once, in order, joined to their built events when replayed', async () => {
    const stub = runSnippet('analytics') as unknown as Record<string, AnyFn>;
    expect(stub.identify!('u-1', { email: 'ann@example.com' })).toBe(stub);
    stub.page!();
    stub.track!('Queued Before Load', { n: 1 });
    await h.settle();
    expect(h.document().events.map((e) => [e.type, e.via, e.built])).toEqual([
      ['identify', 'stub', null],
      ['page', 'stub', null],
      ['track', 'stub', null],
    ]);
    const instance = loadFakeStandalone('analytics');
    (w.analytics as FakeAnalytics).track('After Load');
    await h.settle();
    const events = h.document().events;
    expect(events.map((e) => [e.type, e.name, e.via, e.replayed ?? false])).toEqual([
      ['identify', null, 'stub', true],
      ['page', null, 'stub', true],
      ['track', 'Queued Before Load', 'stub', true],
      ['track', 'After Load', 'instance', false],
    ]);
    expect(events.map((e) => (e.built as { messageId: string }).messageId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
    // The page-context object the snippet added is not shown as a page argument, but the library got it.
    expect(events[0]!.args).toEqual(['u-1', { email: 'ann@example.com' }]);
    expect((instance.calls[0]!.args.at(-1) as { __t: string }).__t).toBe('bpc');
    expect(h.document().segment).toMatchObject({ library: 'analytics-next', globalName: 'analytics', onWindow: true, writeKey: 'wk-stub' });
  });

  it('gives the page exactly what the library returns, throws and calls back', async () => {
    const instance = w.analytics as FakeAnalytics;
    const result = instance.track('Returns', { a: 1 }) as { returned: string };
    expect(result.returned).toBe('track');
    expect(instance.calls.at(-1)!.self).toBe(instance);
    expect(() => instance.track('throw me')).toThrow(RangeError);
    const seen: unknown[] = [];
    instance.identify('u-2', {}, {}, (ctx: unknown) => seen.push(ctx));
    expect(seen).toHaveLength(1);
    expect(Object.keys(instance)).not.toContain('track');
    expect(instance.track.name).toBe('track');
    await h.settle();
    expect(h.document().events.some((e) => e.name === 'throw me')).toBe(true);
  });

  it('reads the property back as the page set it', () => {
    const value = { custom: true };
    w.analytics = value;
    expect(w.analytics).toBe(value);
    expect(Object.getOwnPropertyDescriptor(window, 'analytics')?.enumerable).toBe(true);
  });

  it('follows a custom global key named by the snippet script tag', async () => {
    const before = h.document().events.length;
    const stub = runSnippet('segmentCustom') as unknown as Record<string, AnyFn>;
    const script = document.createElement('script');
    script.setAttribute('data-global-segment-analytics-key', 'segmentCustom');
    document.head.appendChild(script);
    stub.track!('Custom Queued');
    await h.settle();
    loadFakeStandalone('segmentCustom');
    await h.settle();
    const added = h.document().events.slice(before);
    expect(added.map((e) => [e.name, e.via, e.replayed ?? false])).toEqual([['Custom Queued', 'stub', true]]);
  });

  it('joins a queued call to its replay when the snippet added no page context (snippet 4.x)', async () => {
    const before = h.document().events.length;
    const stub = runSnippet('segmentFour') as unknown as unknown[];
    const script = document.createElement('script');
    script.setAttribute('data-global-segment-analytics-key', 'segmentFour');
    document.head.appendChild(script);
    await h.settle();
    // snippet 4.x pushes [method, ...args] as the page passed them
    stub.push(['track', 'Four Queued', { n: 4, nested: { k: 'v' } }]);
    await h.settle();
    loadFakeStandalone('segmentFour');
    await h.settle();
    const added = h.document().events.slice(before);
    expect(added.map((e) => [e.name, e.via, e.replayed ?? false])).toEqual([['Four Queued', 'stub', true]]);
    expect(added[0]!.args).toEqual(['Four Queued', { n: 4, nested: { k: 'v' } }]);
  });
});

describe('classic analytics.js', () => {
  it('wraps an instance assigned to the global that never came through the inspector hook', async () => {
    const before = h.document().events.length;
    const listeners: AnyFn[] = [];
    const classic = {
      VERSION: '4.1.0',
      on(event: string, fn: AnyFn) {
        if (event === 'invoke') listeners.push(fn);
      },
      track(name: string) {
        for (const fn of listeners) fn({ json: () => ({ type: 'track', event: name, messageId: 'classic-1' }) });
        return this;
      },
    };
    w.analytics = classic;
    expect(classic.track('Classic Event')).toBe(classic);
    await h.settle();
    const [event] = h.document().events.slice(before);
    expect(event).toMatchObject({ type: 'track', name: 'Classic Event', via: 'classic', built: { messageId: 'classic-1' } });
    expect(h.document().segment).toMatchObject({ library: 'analytics.js', version: '4.1.0' });
  });
});

describe('messages', () => {
  it('ignores window messages that do not match the envelope schema', async () => {
    const before = h.envelopes.length;
    window.dispatchEvent(new CustomEvent('__segment_pf_companion__', { detail: JSON.stringify({ tag: 'segment-pf-companion/page@1', records: 'nope' }) }));
    window.dispatchEvent(new CustomEvent('__segment_pf_companion__', { detail: '{not json' }));
    await h.settle();
    expect(h.envelopes.length).toBe(before);
    expect(h.rejected).toHaveLength(2);
  });
});

describe('stub configuration calls', () => {
  it('does not show ready/on/debug queued on the stub as events', async () => {
    const before = h.document().events.length;
    w.analytics = undefined; // a fresh page: earlier tests left a library on the global
    const stub = runSnippet('analytics') as unknown as Record<string, AnyFn>;
    stub.ready!(() => undefined);
    stub.debug!(true);
    stub.track!('Only This');
    await h.settle();
    expect(h.document().events.slice(before).map((e) => e.name)).toEqual(['Only This']);
  });
});
