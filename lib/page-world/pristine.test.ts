import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatText, NOT_DATA, ownValueByDescriptor, ownValueByLookup } from './pristine';
import { toSafeValue } from './safeValue';

/** Characters that lowering or trimming would change, and some neither does. */
const EDGE = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'A', 'Z', '\u00c9', '\u0130', '\u03a3', '\u1e9e', 'x', '\u200b', '-');
const edged = fc.tuple(fc.string({ maxLength: 3, unit: EDGE }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 3, unit: EDGE })).map(([head, body, tail]) => head + body + tail);

describe('flatText', () => {
  it('is the same text for every string, capitals and whitespace included', () => {
    fc.assert(
      fc.property(fc.oneof(edged, fc.string({ unit: 'binary' })), (text) => {
        // a rope, as the page's concatenations make (V8 builds one from 13 characters on)
        const half = text.length >> 1;
        const rope = text.slice(0, half) + text.slice(half);
        expect(flatText(text)).toBe(text);
        expect(flatText(rope)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a long string with capitals as it is, in toSafeValue too', () => {
    const id = 'ajs-next-1796319760572-21D26360-3ff5';
    expect(flatText(id)).toBe(id);
    expect(toSafeValue({ messageId: id, list: [`İ${id.toLowerCase()}`] })).toStrictEqual({ messageId: id, list: [`İ${id.toLowerCase()}`] });
  });
});

describe.each([
  ['by lookup (the Chrome package)', ownValueByLookup],
  ['by descriptor (the Firefox package)', ownValueByDescriptor],
])('ownValue %s', (_name, ownValue) => {
  it("gives an own data property's value and NOT_DATA for anything else, running no getter or setter", () => {
    let ran = 0;
    const target: Record<string, unknown> = { text: 'a', nothing: undefined, zero: 0, nested: { k: 1 } };
    Object.defineProperty(target, 'getter', { get: () => ++ran, enumerable: true });
    Object.defineProperty(target, 'setter', { set: () => void ++ran, enumerable: true });
    Object.defineProperty(target, 'both', { get: () => ++ran, set: () => void ++ran, enumerable: true });
    Object.defineProperty(target, 'hidden', { value: 'h', enumerable: false });
    Object.defineProperty(target, '__proto__', { value: 'own', enumerable: true });
    expect(ownValue(target, 'text')).toBe('a');
    expect(ownValue(target, 'nothing')).toBeUndefined();
    expect(ownValue(target, 'zero')).toBe(0);
    expect(ownValue(target, 'nested')).toBe(target.nested);
    expect(ownValue(target, 'hidden')).toBe('h');
    expect(ownValue(target, '__proto__')).toBe('own');
    expect(ownValue(target, 'getter')).toBe(NOT_DATA);
    expect(ownValue(target, 'setter')).toBe(NOT_DATA);
    expect(ownValue(target, 'both')).toBe(NOT_DATA);
    expect(ownValue(target, 'missing')).toBe(NOT_DATA);
    expect(ran).toBe(0);
  });

  it("never reaches the prototypes for a key that is not own: a hole stays absent, whatever Array.prototype defines", () => {
    let ran = 0;
    Object.defineProperty(Array.prototype, 1, { get: () => ++ran, configurable: true });
    Object.defineProperty(Object.prototype, 'inherited', { value: 'from the page', configurable: true, writable: true });
    try {
      // eslint-disable-next-line no-sparse-arrays
      const list = ['a', , 'c'];
      expect(ownValue(list, 0)).toBe('a');
      expect(ownValue(list, 1)).toBe(NOT_DATA);
      expect(ownValue(list, 2)).toBe('c');
      expect(ownValue({}, 'inherited')).toBe(NOT_DATA);
      expect(ran).toBe(0);
    } finally {
      delete (Array.prototype as unknown as Record<number, unknown>)[1];
      delete (Object.prototype as unknown as Record<string, unknown>).inherited;
    }
  });

  it('agrees with the property descriptor for every key of arbitrary objects', () => {
    fc.assert(
      fc.property(fc.object({ withNullPrototype: true, withBoxedValues: true, withMap: true }), fc.array(fc.tuple(fc.string(), fc.constantFrom('get', 'set', 'both', 'undefined'))), (value, accessors) => {
        for (const [key, kind] of accessors) {
          if (key === '__proto__') continue;
          const noop = () => undefined;
          if (kind === 'undefined') Object.defineProperty(value, key, { value: undefined, enumerable: true, configurable: true });
          else Object.defineProperty(value, key, { get: kind === 'set' ? undefined : noop, set: kind === 'get' ? undefined : noop, enumerable: true, configurable: true });
        }
        for (const key of [...Reflect.ownKeys(value), 'absent-key']) {
          if (typeof key === 'symbol') continue;
          const descriptor = Object.getOwnPropertyDescriptor(value, key);
          const expected = descriptor === undefined || descriptor.get !== undefined || descriptor.set !== undefined ? NOT_DATA : descriptor.value;
          expect(ownValue(value, key)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
