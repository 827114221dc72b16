import fc from 'fast-check';
import { anyPageValue } from '../../tests/support/pageValues';
import { describe, expect, it } from 'vitest';
import { toSafeValue, toSafeValueSized } from './safeValue';
import { snapshot, snapshotList } from './snapshot';

function throwingProxy(message: string): object {
  const fail = () => {
    throw new Error(message);
  };
  return new Proxy({}, { ownKeys: fail, get: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail, has: fail });
}

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

describe('snapshot: taken in the call, made safe at flush', () => {
  it('keeps what was passed, whatever the page or library changes afterwards', () => {
    const context = { page: { path: '/a' }, tags: ['x'] };
    const props = { price: 1, list: [1, { deep: 'before' }], nested: { k: 'v' } };
    const args = ['Clicked', props, { context }];
    const taken = snapshot(args).value;
    const expected = toSafeValue(args);

    props.price = 2;
    (props.list[1] as { deep: string }).deep = 'after';
    props.list.push(3);
    delete (props as Partial<typeof props>).nested;
    (props as Record<string, unknown>).added = true;
    context.page.path = '/b';
    context.tags.length = 0;
    (context as Record<string, unknown>).userAgent = 'enriched later';
    args[0] = 'Renamed';

    expect(toSafeValue(taken)).toStrictEqual(expected);
    expect(toSafeValue(taken)).toStrictEqual(['Clicked', { price: 1, list: [1, { deep: 'before' }], nested: { k: 'v' } }, { context: { page: { path: '/a' }, tags: ['x'] } }]);
  });

  it('keeps Dates, Maps, class instances as they were too (converted at once)', () => {
    const when = new Date(0);
    const map = new Map([['k', { n: 1 }]]);
    class Item {
      n = 1;
    }
    const item = new Item();
    const args = [{ when, map, item }];
    const expected = toSafeValue(args);
    const taken = snapshot(args).value;
    when.setTime(1e12);
    map.get('k')!.n = 2;
    map.set('other', { n: 3 });
    item.n = 5;
    expect(toSafeValue(taken)).toStrictEqual(expected);
  });

  it('never runs a getter or setter; they read as toSafeValue says', () => {
    let ran = 0;
    const value = {};
    Object.defineProperty(value, 'g', { get: () => ++ran, enumerable: true });
    Object.defineProperty(value, 's', { set: () => void ++ran, enumerable: true });
    Object.defineProperty(value, 'gs', { get: () => ++ran, set: () => void ++ran, enumerable: true });
    const list = [1];
    Object.defineProperty(list, 1, { get: () => ++ran, enumerable: true });
    const taken = snapshot([value, list]).value;
    expect(ran).toBe(0);
    expect(toSafeValue(taken)).toStrictEqual(toSafeValue([value, list]));
    expect(toSafeValue(taken)).toStrictEqual([{ g: '[Getter]', s: '[Setter]', gs: '[Getter/Setter]' }, [1, '[Getter]']]);
  });

  it('names cycles by the same path, and a shared object twice as toSafeValue does', () => {
    const a: Record<string, unknown> = { name: 'a' };
    const shared = { s: 1 };
    a.self = a;
    a.list = [a, shared, shared];
    a.child = { up: a, shared };
    expect(toSafeValue(snapshot([a]).value)).toStrictEqual(toSafeValue([a]));
    expect(JSON.stringify(toSafeValue(snapshot([a]).value))).toContain('[Circular ~.0]');
  });

  it('cuts depth, width and size exactly as toSafeValue', () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i < 1500; i++) wide[`k${i}`] = i;
    const long = Array.from({ length: 1500 }, (_, i) => i);
    const sparse: unknown[] = [];
    sparse[5] = 'x';
    for (const value of [nested(10_000), nested(63), nested(64), wide, long, sparse, 'x'.repeat(5 * 1024 * 1024), JSON.parse('{"__proto__": {"admin": true}}')]) {
      expect(toSafeValue(snapshot([value]).value)).toStrictEqual(toSafeValue([value]));
    }
  });

  it('a proxy whose traps throw reads as unreadable, never throws', () => {
    const args = [{ p: throwingProxy('trap') }, throwingProxy('top')];
    expect(() => snapshot(args).value).not.toThrow();
    expect(toSafeValue(snapshot(args).value)).toStrictEqual(toSafeValue(args));
  });

  it('toSafeValue(snapshot(x)) equals toSafeValue(x) for arbitrary values', () => {
    fc.assert(
      fc.property(
        fc.array(
          anyPageValue(),
          { maxLength: 4 },
        ),
        (args) => {
          expect(toSafeValue(snapshot(args).value)).toStrictEqual(toSafeValue(args));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('snapshotList: a call\'s arguments copied into a new array in one pass', () => {
  function argumentsOf(...items: unknown[]): IArguments {
    return (function (..._given: unknown[]) {
      return arguments;
    })(...items);
  }

  it('gives what snapshot gives of the first `length` items, and keeps them as passed', () => {
    const props = { price: 1, list: [1, { deep: 'before' }] };
    const pageContext = { __t: 'bpc', c: { page: {} } };
    const args = argumentsOf('Clicked', props, null, pageContext);
    const expected = toSafeValue(['Clicked', props, null]);
    const taken = snapshotList(args, 3).value;
    props.price = 2;
    (props.list[1] as { deep: string }).deep = 'after';
    expect(taken).toHaveLength(3);
    expect(toSafeValue(taken)).toStrictEqual(expected);
    expect(args[1]).toBe(props);
  });

  it('names cycles and converts hostile values as toSafeValue does', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    let ran = 0;
    const withGetter = {};
    Object.defineProperty(withGetter, 'g', { get: () => ++ran, enumerable: true });
    const items = [a, withGetter, new Date(0), throwingProxy('trap'), [a]];
    const taken = snapshotList(argumentsOf(...items), items.length).value;
    expect(ran).toBe(0);
    expect(toSafeValue(taken)).toStrictEqual(toSafeValue(items));
  });

  it('equals snapshot of the same items for arbitrary values', () => {
    fc.assert(
      fc.property(fc.array(anyPageValue(), { maxLength: 4 }), (items) => {
        expect(toSafeValue(snapshotList(items, items.length).value)).toStrictEqual(toSafeValue(items));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a snapshot said to be safe already: the flush sends it without walking it again', () => {
  it('is exactly what toSafeValue makes of it, at the size toSafeValue counts', () => {
    let safe = 0;
    fc.assert(
      fc.property(fc.array(anyPageValue(), { maxLength: 4 }), (items) => {
        const taken = snapshotList(items, items.length);
        if (taken.used < 0) return;
        safe++;
        expect(toSafeValueSized(taken.value)).toStrictEqual({ value: taken.value, used: taken.used });
      }),
      { numRuns: 500 },
    );
    expect(safe).toBeGreaterThan(50);
  });

  it('is not said of a copy that toSafeValue would still change', () => {
    for (const item of [new Date(0), [undefined], Number.NaN, { n: Number.POSITIVE_INFINITY }, 'x'.repeat(100_001)]) {
      expect(snapshotList(['Event', item], 2).used).toBe(-1);
    }
    expect(snapshotList(['Event', { n: 1, tags: ['a'] }], 2).used).toBeGreaterThan(0);
  });

  it('is said of an object with a key whose value is undefined, which the copy leaves out as toSafeValue does', () => {
    const properties = { plan: undefined, n: 1, nested: { gone: undefined } };
    const taken = snapshotList(['Event', properties], 2);
    expect(taken.used).toBeGreaterThan(0);
    expect(taken.value).toStrictEqual(['Event', { n: 1, nested: {} }]);
    expect(toSafeValueSized(taken.value)).toStrictEqual({ value: taken.value, used: taken.used });
  });
});
