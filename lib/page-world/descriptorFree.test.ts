/**
 * In the Chrome package, the copies the hook makes of plain data read each value without making a property descriptor
 * (ownValue): on a page with analytics-next, a descriptor per value read was most of what the
 * hook allocated per event, and every scavenge that brought on also copied the library's live
 * objects. The page-world modules are loaded afresh with Object.getOwnPropertyDescriptor counted,
 * as they capture it when they load.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

type Modules = {
  snapshot: typeof import('./snapshot');
  safeValue: typeof import('./safeValue');
  sameAsSafe: typeof import('./sameAsSafe');
  builtDiff: typeof import('./builtDiff');
};

let m: Modules;
const descriptorReads = vi.fn();

beforeAll(async () => {
  const native = Object.getOwnPropertyDescriptor;
  vi.spyOn(Object, 'getOwnPropertyDescriptor').mockImplementation((target, key) => {
    descriptorReads();
    return native(target, key);
  });
  vi.resetModules();
  m = {
    snapshot: await import('./snapshot'),
    safeValue: await import('./safeValue'),
    sameAsSafe: await import('./sameAsSafe'),
    builtDiff: await import('./builtDiff'),
  };
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.resetModules();
});

function readsDuring(run: () => unknown): number {
  descriptorReads.mockClear();
  run();
  return descriptorReads.mock.calls.length;
}

const props = () => ({ index: 7, label: 'item-7', price: 8.75, currency: 'EUR', inStock: false, tags: ['a', 'b'], nested: { k: 'v', n: 7 }, note: null });
const context = () => ({ page: { path: '/', url: 'http://127.0.0.1/' }, userAgent: 'UA', library: { name: 'analytics.js', version: 'next-1.84.3' }, locale: 'en-US' });

describe('reading plain data makes no property descriptor', () => {
  it('the snapshot inside a call, toSafeValue at flush and the comparison with a copy', () => {
    const args = ['Bench Event', props()];
    expect(readsDuring(() => m.snapshot.snapshotList(args, 2))).toBe(0);
    expect(readsDuring(() => m.safeValue.toSafeValue(args))).toBe(0);
    const copy = m.safeValue.toSafeValue(args[1]);
    expect(readsDuring(() => expect(m.sameAsSafe.sameAsSafe(args[1], copy)).toBe(true))).toBe(0);
  });

  it("a built event's difference, its context compared with the batch's", () => {
    const call = m.snapshot.snapshotList(['Bench Event', props()], 2).value;
    const contexts: unknown[] = [];
    const event = () => ({ event: 'Bench Event', type: 'track', properties: props(), context: context(), messageId: 'ajs-next-1-abc', integrations: {} });
    m.builtDiff.builtRecord(1, event(), call, contexts);
    expect(readsDuring(() => m.builtDiff.builtRecord(2, event(), call, contexts))).toBe(0);
    expect(contexts).toHaveLength(1);
  });

  it('an accessor is still read by its descriptor, and never run', () => {
    let ran = 0;
    const value = { a: 1 };
    Object.defineProperty(value, 'secret', { get: () => ++ran, enumerable: true });
    expect(readsDuring(() => expect(m.snapshot.snapshot(value).value).toStrictEqual({ a: 1, secret: '[Getter]' }))).toBe(1);
    expect(readsDuring(() => expect(m.safeValue.toSafeValue(value)).toStrictEqual({ a: 1, secret: '[Getter]' }))).toBe(1);
    expect(ran).toBe(0);
  });
});
