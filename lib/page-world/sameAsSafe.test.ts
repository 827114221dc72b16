import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyPageValue } from '../../tests/support/pageValues';
import { sameAsSafe } from './sameAsSafe';
import { toSafeValue } from './safeValue';

const text = (value: unknown) => JSON.stringify(toSafeValue(value));

describe('sameAsSafe: a reference is sent only where a copy would have been equal', () => {
  it('never says yes where toSafeValue would copy something else (any two page values)', () => {
    fc.assert(
      fc.property(anyPageValue(), anyPageValue(), (raw, other) => {
        if (sameAsSafe(raw, toSafeValue(other))) expect(text(raw)).toBe(text(other));
        if (sameAsSafe(raw, toSafeValue(raw))) expect(text(raw)).toBe(text(toSafeValue(raw)));
      }),
      { numRuns: 500 },
    );
  });

  it('says yes for plain data and its own copy, so the references are made', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        fc.pre(!JSON.stringify(value).includes('"__proto__"'));
        expect(sameAsSafe(value, toSafeValue(value))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('says no once the page changed the value after the copy', () => {
    const properties: Record<string, unknown> = { plan: 'pro', items: [1, 2], nested: { k: 'v' } };
    const copy = toSafeValue(properties);
    expect(sameAsSafe(properties, copy)).toBe(true);
    (properties.nested as Record<string, unknown>).k = 'changed';
    expect(sameAsSafe(properties, copy)).toBe(false);
    (properties.nested as Record<string, unknown>).k = 'v';
    properties.added = true;
    expect(sameAsSafe(properties, copy)).toBe(false);
  });

  it('takes a key whose value is undefined as the copy has it: left out (Firefox\'s analytics-next contexts)', () => {
    const context = { page: { path: '/' }, userAgentData: undefined, locale: 'en-US' };
    expect(sameAsSafe(context, toSafeValue(context))).toBe(true);
    expect(sameAsSafe({ a: undefined }, toSafeValue({ a: undefined }))).toBe(true);
    expect(sameAsSafe({ a: undefined, b: 1 }, { a: null, b: 1 })).toBe(false);
    expect(sameAsSafe({ b: 1, a: undefined }, { b: 1, a: 2 })).toBe(false);
    expect(sameAsSafe([undefined], toSafeValue([undefined]))).toBe(false);
  });

  it('says no for keys in another order: the copy shows them as the page made them', () => {
    expect(sameAsSafe({ b: 1, a: 2 }, toSafeValue({ a: 2, b: 1 }))).toBe(false);
  });

  it('runs no getter and says no where one is', () => {
    let ran = 0;
    const raw = { get total() {
      ran++;
      return 1;
    } };
    expect(sameAsSafe(raw, { total: 1 })).toBe(false);
    expect(sameAsSafe(raw, toSafeValue(raw))).toBe(false);
    expect(ran).toBe(0);
  });

  it('says no, and never throws, for values whose copy is a description', () => {
    const date = new Date(0);
    expect(sameAsSafe(date, toSafeValue(date))).toBe(false);
    expect(sameAsSafe([1, , 3], toSafeValue([1, , 3]))).toBe(false);
    expect(sameAsSafe(Number.NaN, toSafeValue(Number.NaN))).toBe(false);
    const long = 'x'.repeat(200_000);
    expect(sameAsSafe(long, toSafeValue(long))).toBe(false);
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expect(sameAsSafe(throwing, {})).toBe(false);
    const hostile = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    expect(sameAsSafe(hostile, toSafeValue(hostile))).toBe(false);
  });

  it('says no past its size bound, where the copy may have been cut', () => {
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]));
    expect(sameAsSafe(wide, toSafeValue(wide))).toBe(false);
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 40; i++) at = (at.next = {}) as Record<string, unknown>;
    expect(sameAsSafe(deep, toSafeValue(deep))).toBe(false);
  });
});

describe('sameAsSafe remembering its last yes (the batch\'s page contexts)', () => {
  /** A plain object whose every read the test counts (a Proxy's traps are page code our reads can run). */
  function counted<T extends object>(target: T) {
    const reads = { count: 0 };
    const proxy = new Proxy(target, {
      getOwnPropertyDescriptor: (t, key) => (reads.count++, Reflect.getOwnPropertyDescriptor(t, key)),
      ownKeys: (t) => (reads.count++, Reflect.ownKeys(t)),
    });
    return { proxy, reads };
  }

  it('takes the very object the last yes read under the same key as equal, without reading it again', () => {
    const shared = counted({ brands: [{ brand: 'Chromium', version: '156' }], mobile: false, platform: 'Linux' });
    const context = () => ({ page: { path: '/' }, userAgentData: shared.proxy, locale: 'en-US' });
    const copy = toSafeValue(context());
    const other = toSafeValue(context());
    const readsOf = (run: () => void) => {
      const before = shared.reads.count;
      run();
      return shared.reads.count - before;
    };
    const once = readsOf(() => expect(sameAsSafe(context(), copy, true)).toBe(true));
    expect(once).toBeGreaterThan(0);
    expect(readsOf(() => expect(sameAsSafe(context(), copy, true)).toBe(true))).toBe(0);
    // not remembering, or against another copy: read again
    expect(readsOf(() => expect(sameAsSafe(context(), copy)).toBe(true))).toBe(once);
    expect(readsOf(() => expect(sameAsSafe(context(), other, true)).toBe(true))).toBe(once);
  });

  it('still walks everything else, and an object that is not the same one', () => {
    const shared = { mobile: false };
    const copy = toSafeValue({ page: { path: '/' }, userAgentData: shared });
    expect(sameAsSafe({ page: { path: '/' }, userAgentData: shared }, copy, true)).toBe(true);
    expect(sameAsSafe({ page: { path: '/other' }, userAgentData: shared }, copy, true)).toBe(false);
    expect(sameAsSafe({ page: { path: '/' }, userAgentData: { mobile: true } }, copy, true)).toBe(false);
    // the same object under another key is walked, and differs
    expect(sameAsSafe({ page: shared, userAgentData: shared }, copy, true)).toBe(false);
  });

  it('keeps nothing of a walk that said no', () => {
    const shared = { mobile: false };
    const copy = toSafeValue({ userAgentData: shared });
    shared.mobile = true;
    expect(sameAsSafe({ userAgentData: shared }, copy, true)).toBe(false);
    expect(sameAsSafe({ userAgentData: shared }, copy, true)).toBe(false);
  });
});
