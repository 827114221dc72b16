// @vitest-environment happy-dom
/**
 * Self-defence of analytics-next's official inspector hook: when the page or another inspector
 * extension replaces `window.__SEGMENT_INSPECTOR__` (or its `attach`), the hook chains theirs and
 * keeps seeing instances; where it cannot, a diagnostic says analytics-next is seen from the
 * network only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';

type AnyFn = (...args: unknown[]) => unknown;
const w = window as unknown as Record<string, unknown>;

class FakeNext {
  VERSION = '1.84.3';
  settings: { writeKey: string };
  private listeners: Record<string, AnyFn[]> = {};
  constructor(writeKey: string) {
    this.settings = { writeKey };
  }
  on(event: string, fn: AnyFn) {
    (this.listeners[event] ??= []).push(fn);
    return this;
  }
  track(name: string) {
    const ctx = { event: { type: 'track', event: name, messageId: `m-${name}` } };
    for (const fn of this.listeners.dispatch_start ?? []) fn(ctx);
    return ctx;
  }
}

/** What analytics-next does at start-up: `__SEGMENT_INSPECTOR__?.attach(analytics)`. */
function startLibrary(writeKey: string): FakeNext {
  const instance = new FakeNext(writeKey);
  (w.__SEGMENT_INSPECTOR__ as { attach?: AnyFn } | undefined)?.attach?.(instance);
  return instance;
}

const finding = (h: CaptureHarness) => h.document().diagnostics.find((d) => d.code === 'segment-inspector-lost');

let h: CaptureHarness;
beforeAll(() => {
  h = installCaptureHarness();
});

describe('__SEGMENT_INSPECTOR__ taken over', () => {
  it('a replacement object: ours is put back before the next library script, and theirs is called too', async () => {
    const theirs: unknown[] = [];
    w.__SEGMENT_INSPECTOR__ = { attach: (a: unknown) => theirs.push(a) };
    // a library script being added is when the hook looks again
    document.head.appendChild(document.createElement('script'));
    await h.settle();
    const instance = startLibrary('wk-replaced');
    expect(theirs).toEqual([instance]);
    instance.track('After Replacement');
    await h.settle();
    expect(h.document().events.map((e) => e.name)).toContain('After Replacement');
    expect(finding(h)).toBeUndefined();
  });

  it('their attach assigned over ours: chained at the next flush, both see the next instance', async () => {
    const theirs: unknown[] = [];
    (w.__SEGMENT_INSPECTOR__ as { attach: AnyFn }).attach = (a: unknown) => theirs.push(a);
    startLibrary('wk-missed');
    // anything the hook records makes a flush
    w.$productFruits = [];
    await h.settle();
    const instance = startLibrary('wk-chained');
    expect(theirs).toHaveLength(2);
    expect(theirs[1]).toBe(instance);
    instance.track('Chained');
    await h.settle();
    expect(h.document().events.map((e) => e.name)).toContain('Chained');
    expect(finding(h)).toBeUndefined();
  });

  it('an accessor that cannot be chained: a warning says analytics-next is seen from the network only', async () => {
    const other = { attach: () => undefined };
    Object.defineProperty(w, '__SEGMENT_INSPECTOR__', { get: () => other, configurable: true });
    document.head.appendChild(document.createElement('script'));
    await h.settle();
    const lost = finding(h);
    expect(lost?.severity).toBe('warning');
    expect(lost?.message).toMatch(/network only/);
  });
});
