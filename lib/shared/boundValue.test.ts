import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundValue, defineData, DEPTH_LIMIT, MAX_VALUE_CHARS, MAX_VALUE_DEPTH } from './boundValue';

/** What boundValue must give, written the obvious way: a fresh copy with every bound applied. */
function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? 'cut' : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_VALUE_DEPTH) return DEPTH_LIMIT;
  if (Array.isArray(value)) return value.map((item) => bounded(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: bounded(item, depth + 1), enumerable: true, writable: true, configurable: true });
  return out;
}

const nest = (levels: number, leaf: unknown): unknown => (levels === 0 ? leaf : { a: nest(levels - 1, leaf) });
const depthOf = (value: unknown): number => (value && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0);
const cutMarks = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.startsWith('[Truncated ') ? 'cut' : v)));

describe('boundValue', () => {
  it('gives what a full bounded copy gives, for arbitrary JSON, with __proto__ and constructor keys as plain data', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    })).value;
    const long = 'x'.repeat(MAX_VALUE_CHARS + 1);
    const text = (v: unknown) => JSON.stringify(cutMarks(v));
    fc.assert(fc.property(json, fc.nat(3), (value, where) => {
      const parsed = JSON.parse(JSON.stringify(value)) as unknown;
      // Nothing to cut: nothing copied.
      expect(boundValue(parsed)).toBe(parsed);
      // Something to cut beside it: the same as a full bounded copy, the untouched part kept as it was.
      const cut = where === 0 ? long : nest(MAX_VALUE_DEPTH + where, 'leaf');
      const both = JSON.parse(JSON.stringify({ value, cut })) as { value: unknown };
      const out = boundValue(both) as { value: unknown };
      expect(text(out)).toBe(text(bounded(both)));
      expect(out.value).toBe(both.value);
    }), { numRuns: 60 });
  });

  it('cuts past the depth limit and over-long strings, copying only the path to what changed', () => {
    const long = 'x'.repeat(MAX_VALUE_CHARS + 1);
    const kept = { untouched: [1, { two: 2 }] };
    const value = JSON.parse(JSON.stringify({ kept, deep: nest(MAX_VALUE_DEPTH + 5, 'leaf'), list: ['a', long, 'c'], ['__proto__']: { long } })) as Record<string, unknown>;
    const out = boundValue(value) as Record<string, unknown>;
    expect(cutMarks(out)).toStrictEqual(cutMarks(bounded(value)));
    expect(depthOf(out)).toBe(MAX_VALUE_DEPTH);
    expect(out.kept).toBe(value.kept);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['kept', 'deep', 'list', '__proto__']);
    expect((out.list as string[])[1]).toBe('[Truncated 1.0 MB]');
  });

  it('defineData makes an own enumerable, writable property, __proto__ included, never the prototype', () => {
    const out: Record<string, unknown> = {};
    defineData(out, '__proto__', { polluted: true });
    defineData(out, 'constructor', 1);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const key of ['__proto__', 'constructor']) expect(Object.getOwnPropertyDescriptor(out, key)).toMatchObject({ enumerable: true, writable: true, configurable: true });
  });
});
