// @vitest-environment happy-dom
/**
 * The hook relies on no builtin the page can replace after document_start: with the page's
 * Array, Map, WeakMap, Set, Object and String methods replaced by spies, nothing in
 * lib/page-world calls them, in the page's calls or in the flush.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';

type AnyFn = (...args: unknown[]) => unknown;
const w = window as unknown as Record<string, unknown>;

class FakeNext {
  VERSION = '1.84.3';
  settings = { writeKey: 'wk-pristine' };
  private listeners: Record<string, AnyFn[]> = {};
  n = 0;
  on(event: string, fn: AnyFn) {
    const list = (this.listeners[event] ??= []);
    list[list.length] = fn;
    return this;
  }
  track(name: string, properties?: unknown) {
    this.n += 1;
    const ctx = { event: { type: 'track', event: name, properties, messageId: `m-${this.n}`, context: { page: { path: '/' } } } };
    const list = this.listeners.dispatch_start ?? [];
    for (let i = 0; i < list.length; i++) list[i]!(ctx);
    return ctx;
  }
  identify(id: string) {
    this.n += 1;
    const ctx = { event: { type: 'identify', userId: id, messageId: `m-${this.n}` } };
    const list = this.listeners.dispatch_start ?? [];
    for (let i = 0; i < list.length; i++) list[i]!(ctx);
    return ctx;
  }
}

const hits: string[] = [];
const restore: (() => void)[] = [];

function spy(owner: object, key: PropertyKey, label: string): void {
  const original = (owner as Record<PropertyKey, AnyFn>)[key]!;
  const replacement = function (this: unknown, ...args: unknown[]) {
    // the frame that called the page's builtin
    const caller = (new Error().stack ?? '').split('\n')[2] ?? '';
    if (caller.includes('/lib/page-world/') && !caller.includes('.test.ts')) hits[hits.length] = `${label} from ${caller.trim()}`;
    return Reflect.apply(original, this, args);
  };
  Object.defineProperty(owner, key, { value: replacement, writable: true, configurable: true });
  restore[restore.length] = () => Object.defineProperty(owner, key, { value: original, writable: true, configurable: true });
}

let h: CaptureHarness;
beforeAll(() => {
  h = installCaptureHarness();
});
afterAll(() => {
  for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
});

describe('the page replaced builtins after document_start', () => {
  it('the hook calls none of them, in the calls or in the flush', async () => {
    const instance = new FakeNext();
    (w.__SEGMENT_INSPECTOR__ as { attach: AnyFn }).attach(instance);
    await h.settle();
    spy(Array.prototype, 'push', 'Array.prototype.push');
    spy(Array.prototype, Symbol.iterator, 'Array.prototype[Symbol.iterator]');
    spy(Array.prototype, 'some', 'Array.prototype.some');
    spy(Array.prototype, 'map', 'Array.prototype.map');
    spy(Map.prototype, 'get', 'Map.prototype.get');
    spy(Map.prototype, 'set', 'Map.prototype.set');
    spy(Map.prototype, 'delete', 'Map.prototype.delete');
    spy(WeakMap.prototype, 'get', 'WeakMap.prototype.get');
    spy(WeakMap.prototype, 'set', 'WeakMap.prototype.set');
    spy(WeakSet.prototype, 'has', 'WeakSet.prototype.has');
    spy(Set.prototype, 'has', 'Set.prototype.has');
    spy(Object, 'is', 'Object.is');
    spy(Object, 'keys', 'Object.keys');
    spy(Object, 'getOwnPropertyDescriptor', 'Object.getOwnPropertyDescriptor');
    spy(Object, 'defineProperty', 'Object.defineProperty');
    try {
      instance.identify('u-1');
      instance.track('Pristine', { n: 1, list: [1, 2], nested: { k: 'v' } });
      await h.settle();
    } finally {
      for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
      restore.length = 0;
    }
    expect(hits).toEqual([]);
    expect(h.document().events.map((e) => [e.type, e.name])).toEqual([
      ['identify', null],
      ['track', 'Pristine'],
    ]);
  });
});
