import fc from 'fast-check';
import { anyPageValue } from '../../tests/support/pageValues';
import { describe, expect, it, vi } from 'vitest';
import { MORE_KEY, toSafeValue } from './safeValue';

/** What the output must survive on its way to the extension and into an export. */
function expectJsonSafe(result: unknown): void {
  expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
  expect(structuredClone(result)).toStrictEqual(result);
}

function nested(levels: number, leaf: unknown = 'leaf'): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

function depthOf(value: unknown): number {
  let depth = 0;
  let current = value;
  while (typeof current === 'object' && current !== null && 'child' in current) {
    current = (current as { child: unknown }).child;
    depth++;
  }
  return depth;
}

function throwingProxy(message: string): object {
  const fail = () => {
    throw new Error(message);
  };
  return new Proxy({}, { ownKeys: fail, get: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail, has: fail });
}

describe('toSafeValue: primitives and placeholders', () => {
  function namedFunction() {}
  it.each<[string, unknown, unknown]>([
    ['string', 'hi', 'hi'],
    ['number', 42.5, 42.5],
    ['negative zero', -0, 0],
    ['boolean', false, false],
    ['null', null, null],
    ['undefined at top level', undefined, '[undefined]'],
    ['NaN', NaN, '[NaN]'],
    ['Infinity', Infinity, '[Infinity]'],
    ['-Infinity', -Infinity, '[-Infinity]'],
    ['bigint', 123n, '[BigInt 123]'],
    ['symbol', Symbol('desc'), '[Symbol desc]'],
    ['symbol without description', Symbol(), '[Symbol]'],
    ['named function', namedFunction, '[Function namedFunction]'],
    ['anonymous function', (() => () => 1)(), '[Function anonymous]'],
    ['class', class Widget {}, '[Function Widget]'],
    ['date', new Date('2026-01-02T03:04:05.006Z'), '2026-01-02T03:04:05.006Z'],
    ['invalid date', new Date('nope'), '[Invalid Date]'],
    ['regexp', /a+b/gi, '[RegExp /a+b/gi]'],
    ['promise', Promise.resolve(1), '[Promise]'],
    ['weak map', new WeakMap(), '[WeakMap]'],
    ['weak set', new WeakSet(), '[WeakSet]'],
    ['typed array', new Uint8Array(1024), '[Uint8Array 1024 bytes]'],
    ['float array', new Float64Array(4), '[Float64Array 32 bytes]'],
    ['array buffer', new ArrayBuffer(16), '[ArrayBuffer 16 bytes]'],
    ['data view', new DataView(new ArrayBuffer(8)), '[DataView 8 bytes]'],
    ['boxed string', new String('boxed'), 'boxed'],
    ['boxed number', new Number(7), 7],
    // kept: the envelope's JSON escapes them and the background makes them U+FFFD (captureEnvelope.test.ts)
    ['lone high surrogate kept', 'a\uD800b', 'a\uD800b'],
    ['lone low surrogate at end kept', 'ab\uDC00', 'ab\uDC00'],
    ['valid pair kept', 'x\uD83D\uDE00y', 'x\uD83D\uDE00y'],
  ])('%s', (_name, input, expected) => {
    expect(toSafeValue(input)).toStrictEqual(expected);
  });

  it('omits undefined in objects but marks it in arrays', () => {
    expect(toSafeValue({ a: undefined, b: 1 })).toStrictEqual({ b: 1 });
    expect(toSafeValue([undefined, 1])).toStrictEqual(['[undefined]', 1]);
  });

  it('marks values nested in objects the same way', () => {
    expect(toSafeValue({ n: 10n, f: Math.max, s: Symbol.iterator })).toStrictEqual({
      n: '[BigInt 10]',
      f: '[Function max]',
      s: '[Symbol Symbol.iterator]',
    });
  });
});

describe('toSafeValue: structures', () => {
  it('copies plain data as is', () => {
    const input = { name: 'Signed Up', props: { plan: 'pro', seats: 3, tags: ['a', 'b'], ok: true, none: null } };
    expect(toSafeValue(input)).toStrictEqual(input);
  });

  it('turns Errors into name, message and stack, whatever their class', () => {
    const error = new TypeError('bad input');
    expect(toSafeValue(error)).toStrictEqual({ name: 'TypeError', message: 'bad input', stack: error.stack });
  });

  it('reads Errors from another realm', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new RangeError("elsewhere")') as Error;
    expect(foreign instanceof Error).toBe(false);
    expect(toSafeValue(foreign)).toMatchObject({ name: 'RangeError', message: 'elsewhere' });
  });

  it('turns Maps into entry pairs and Sets into lists', () => {
    const map = new Map<unknown, unknown>([['k', 1], [{ id: 2 }, new Set([1, 'two'])]]);
    expect(toSafeValue(map)).toStrictEqual({ '[Map]': [['k', 1], [{ id: 2 }, { '[Set]': [1, 'two'] }]] });
  });

  it('does not trust a spoofed toStringTag', () => {
    const fakeMap = { [Symbol.toStringTag]: 'Map', size: 3 };
    expect(toSafeValue(fakeMap)).toStrictEqual({ size: 3 });
    const fakeDate = { [Symbol.toStringTag]: 'Date', when: 'today' };
    expect(toSafeValue(fakeDate)).toStrictEqual({ when: 'today' });
  });

  it('reports cycles with their path from the root', () => {
    const root: Record<string, unknown> = { list: [] };
    const inner: Record<string, unknown> = { up: root };
    inner.self = inner;
    (root.list as unknown[]).push(inner);
    expect(toSafeValue(root)).toStrictEqual({
      list: [{ up: '[Circular ~]', self: '[Circular ~.list.0]' }],
    });
  });

  it('reports cycles through Map entries with the output path', () => {
    const root: Record<string, unknown> = {};
    const map = new Map<string, unknown>([['back', root]]);
    root.m = map;
    map.set('me', map);
    expect(toSafeValue(root)).toStrictEqual({
      m: { '[Map]': [['back', '[Circular ~]'], ['me', '[Circular ~.m]']] },
    });
  });

  it('serialises repeated, non-cyclic references each time', () => {
    const shared = { x: 1 };
    expect(toSafeValue({ a: shared, b: shared, c: [shared] })).toStrictEqual({ a: { x: 1 }, b: { x: 1 }, c: [{ x: 1 }] });
  });

  it('does not invoke getters or setters', () => {
    const getter = vi.fn(() => 'secret');
    const input = { plain: 1 };
    Object.defineProperty(input, 'lazy', { get: getter, enumerable: true });
    Object.defineProperty(input, 'both', { get: getter, set: () => {}, enumerable: true });
    Object.defineProperty(input, 'writeOnly', { set: () => {}, enumerable: true });
    Object.defineProperty(input, 'hidden', { value: 'not enumerable', enumerable: false });
    expect(toSafeValue(input)).toStrictEqual({ plain: 1, lazy: '[Getter]', both: '[Getter/Setter]', writeOnly: '[Setter]' });
    expect(getter).not.toHaveBeenCalled();
  });

  it('does not call toJSON', () => {
    let ran = false;
    const toJSON = function toJSON() {
      ran = true;
      return 'page code ran';
    };
    expect(toSafeValue({ a: 1, toJSON })).toStrictEqual({ a: 1, toJSON: '[Function toJSON]' });
    expect(ran).toBe(false);
  });

  it('reads getter-defined array elements as placeholders too', () => {
    const list = [1, 2];
    Object.defineProperty(list, 1, { get: () => 'ran', enumerable: true });
    expect(toSafeValue(list)).toStrictEqual([1, '[Getter]']);
  });

  it('turns a Proxy with throwing traps into an Unreadable placeholder', () => {
    expect(toSafeValue({ ok: 1, bad: throwingProxy('trap says no') })).toStrictEqual({
      ok: 1,
      bad: '[Unreadable: trap says no]',
    });
    expect(toSafeValue(throwingProxy('top'))).toBe('[Unreadable: top]');
  });

  it('treats a Proxy whose descriptor trap throws as unreadable, since Object.keys asks it too', () => {
    const proxy = new Proxy(
      { good: 1, evil: 2 },
      {
        getOwnPropertyDescriptor(target, key) {
          if (key === 'evil') throw new Error('no descriptor');
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    expect(toSafeValue(proxy)).toBe('[Unreadable: no descriptor]');
  });

  it('keeps the readable entries when a trap throws only while the value is read', () => {
    let calls = 0;
    const stateful = new Proxy(
      { good: 1, evil: 2 },
      {
        getOwnPropertyDescriptor(target, key) {
          if (key === 'evil' && ++calls > 1) throw new Error('changed its mind');
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
      },
    );
    expect(toSafeValue(stateful)).toStrictEqual({ good: 1, evil: '[Unreadable: changed its mind]' });
    const list = new Proxy([1, 2, 3], {
      getOwnPropertyDescriptor(target, key) {
        if (key === '1') throw new Error('index trap');
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    expect(toSafeValue(list)).toStrictEqual([1, '[Unreadable: index trap]', 3]);
  });

  it('survives a revoked Proxy and thrown non-Error values', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(toSafeValue([proxy])).toStrictEqual([expect.stringMatching(/^\[Unreadable: .*revoked/)]);
    const throwsString = new Proxy({}, { ownKeys: () => { throw 'plain string'; } });
    expect(toSafeValue(throwsString)).toBe('[Unreadable: plain string]');
    const throwsProxy = new Proxy({}, { ownKeys: () => { throw throwingProxy('inner'); } });
    expect(toSafeValue(throwsProxy)).toBe('[Unreadable: unknown error]');
  });

  it('copies __proto__, constructor and prototype keys as own data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c", "prototype": 1}') as object;
    const result = toSafeValue(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toStrictEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toStrictEqual({ polluted: true });
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true},"constructor":"c","prototype":1}');
    expectJsonSafe(result);
  });

  it('reads null-prototype, frozen and sealed objects and class instances', () => {
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    expect(toSafeValue(bare)).toStrictEqual({ a: 1 });
    expect(toSafeValue(Object.freeze({ f: [1] }))).toStrictEqual({ f: [1] });
    expect(toSafeValue(Object.seal({ s: 2 }))).toStrictEqual({ s: 2 });
    expect(toSafeValue(new Point(1, 2))).toStrictEqual({ x: 1, y: 2 });
  });

  it('keeps plain objects that merely have DOM-like keys', () => {
    const lookalike = { nodeType: 1, nodeName: 'DIV', window: 'w' };
    expect(toSafeValue(lookalike)).toStrictEqual(lookalike);
  });

  it('ignores patched globals after load', () => {
    const keys = Object.keys;
    const isArray = Array.isArray;
    const toString = Object.prototype.toString;
    let result: unknown;
    try {
      Object.keys = () => ['patched'];
      Array.isArray = (() => false) as unknown as typeof Array.isArray;
      Object.prototype.toString = () => '[object Map]';
      result = toSafeValue({ a: [1, { b: 2 }] });
    } finally {
      Object.keys = keys;
      Array.isArray = isArray;
      Object.prototype.toString = toString;
    }
    expect(result).toStrictEqual({ a: [1, { b: 2 }] });
  });
});

describe('toSafeValue: limits', () => {
  it('stops at maxDepth without overflowing the stack on 10,000 levels', () => {
    const result = toSafeValue(nested(10_000));
    expect(depthOf(result)).toBe(64);
    let leaf: unknown = result;
    for (let i = 0; i < 64; i++) leaf = (leaf as { child: unknown }).child;
    expect(leaf).toBe('[Depth limit]');
    expectJsonSafe(result);
  });

  it('honours a custom maxDepth', () => {
    expect(toSafeValue({ a: { b: { c: 1 } } }, { maxDepth: 2 })).toStrictEqual({ a: { b: '[Depth limit]' } });
  });

  it('keeps the first maxKeys entries and says how many are left', () => {
    const wide = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, i]));
    expect(toSafeValue(wide, { maxKeys: 3 })).toStrictEqual({ k0: 0, k1: 1, k2: 2, [MORE_KEY]: '[2 more]' });
    expect(toSafeValue([1, 2, 3, 4], { maxKeys: 2 })).toStrictEqual([1, 2, '[2 more]']);
    expect(toSafeValue(new Set([1, 2, 3]), { maxKeys: 1 })).toStrictEqual({ '[Set]': [1, '[2 more]'] });
    expect((toSafeValue(new Array(1_000_000)) as unknown[]).length).toBe(1001);
  });

  it('replaces very long strings with their size', () => {
    expect(toSafeValue('x'.repeat(5 * 1024 * 1024))).toBe('[Truncated 5.0 MB]');
    expect(toSafeValue({ blob: 'y'.repeat(150 * 1024) })).toStrictEqual({ blob: '[Truncated 150.0 KB]' });
    expect(toSafeValue('z'.repeat(100_000))).toHaveLength(100_000);
  });

  it('truncates once the byte budget is spent and stays valid', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: i, text: 'a'.repeat(50) }));
    const result = toSafeValue(items, { maxBytes: 1000 }) as unknown[];
    expect(result.length).toBeLessThan(100);
    expect(result.at(-1)).toMatch(/^\[Truncated \d+ more\]$/);
    expect(JSON.stringify(result).length).toBeLessThan(2000);
    expectJsonSafe(result);
  });

  it('replaces a string that does not fit the remaining budget but keeps later small values', () => {
    const result = toSafeValue({ big: 'b'.repeat(900), small: 's' }, { maxBytes: 500 });
    expect(result).toStrictEqual({ big: '[Truncated 900 B]', small: 's' });
  });

  it('bounds the output of a wide and deep object to about maxBytes', () => {
    const tree = Array.from({ length: 1000 }, () => ({ a: 'x'.repeat(1000), b: Array.from({ length: 100 }, () => 'y'.repeat(100)) }));
    const json = JSON.stringify(toSafeValue(tree, { maxBytes: 200_000 }));
    expect(json.length).toBeLessThan(250_000);
  });

  it('falls back to the defaults for invalid limits', () => {
    expect(depthOf(toSafeValue(nested(100), { maxDepth: Number.NaN }))).toBe(64);
  });
});

describe('toSafeValue: properties', () => {
  const cyclic = fc.anything().map((inner) => {
    const holder: Record<string, unknown> = { inner, list: [inner] };
    holder.self = holder;
    (holder.list as unknown[]).push(holder);
    return holder;
  });
  const withGetter = fc.anything().map((inner) => {
    const holder: Record<string, unknown> = { inner };
    Object.defineProperty(holder, 'boom', {
      get() {
        throw new Error('getter ran');
      },
      enumerable: true,
    });
    return holder;
  });
  // wrapped: fast-check itself probes the generated values it returns
  const throwing = fc.string().map((message) => ({ proxy: throwingProxy(message) }));
  const hostileLeaf = fc.oneof(
    cyclic,
    withGetter,
    throwing,
    fc.bigInt(),
    fc.string().map((s) => Symbol(s)),
    fc.constant(() => 1),
    fc.constant(nested(10_000)),
    fc.constant('x'.repeat(5 * 1024 * 1024)),
    fc.constant(JSON.parse('{"__proto__": {"admin": true}}') as unknown),
    fc.string({ unit: 'binary' }), // includes lone surrogates
    fc.string().map((s) => ({ [`${s}\uD800`]: `\uDFFF${s}` })),
  );
  const hostile = fc.oneof(
    hostileLeaf,
    fc.array(hostileLeaf, { maxLength: 4 }),
    fc.dictionary(fc.string(), hostileLeaf, { maxKeys: 4 }),
    anyPageValue(),
  );

  it('never throws and always yields JSON that round-trips unchanged', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const result = toSafeValue(value);
        expectJsonSafe(result);
      }),
      { numRuns: 300 },
    );
  });

  it('returns plain JSON values unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(toSafeValue(value)).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });
});
