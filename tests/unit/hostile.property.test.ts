// @vitest-environment happy-dom
/**
 * Hostile values through the whole path in Node: page call → page-world hook → envelope (JSON
 * string, validated like the relay does) → tab session (folded like the background) → session
 * document → PanelApp. The page must get the library's own return value and never an exception
 * from us; every call must be in the document; the document must validate and render.
 * PanelApp is rendered with React.createElement: vitest.config.ts collects tests/unit/*.test.ts only.
 */
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import * as v from 'valibot';
import { SessionDocumentSchema } from '../../lib/shared/session/schema';
import { PanelApp } from '../../components/panel/PanelApp';
import { fakeListViewportHeight } from '../support/viewport';
import { makePanelStore } from '../support/panelStore';
import { installCaptureHarness, type CaptureHarness } from '../support/captureHarness';
import { preloadPanelViews } from '../../components/panel/lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

type AnyFn = (...args: unknown[]) => unknown;

/** A trivial analytics instance handed to the official inspector hook, as analytics-next does. */
class TrivialAnalytics {
  VERSION = '1.84.3';
  settings = { writeKey: 'wk-hostile' };
  private listeners: Record<string, AnyFn[]> = {};
  n = 0;
  on(event: string, fn: AnyFn) {
    (this.listeners[event] ??= []).push(fn);
    return this;
  }
  track(name: unknown, properties?: unknown) {
    this.n += 1;
    // The built event holds the page's objects as they are (like the library's ctx.event).
    const ctx = { event: { type: 'track', event: name, properties, messageId: `hostile-${this.n}` } };
    for (const fn of this.listeners.dispatch_start ?? []) fn(ctx);
    return { token: this.n };
  }
}

// ---- hostile values -------------------------------------------------------------------------
function cyclic(): unknown {
  const a: Record<string, unknown> = { name: 'a' };
  const b: Record<string, unknown> = { a, list: [a] };
  a.b = b;
  a.self = a;
  return a;
}
function deep(levels: number): unknown {
  let v: unknown = { leaf: true };
  for (let i = 0; i < levels; i++) v = { d: v };
  return v;
}
function deepArray(levels: number): unknown {
  let v: unknown = ['leaf'];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}
function throwingProxy(): unknown {
  const boom = () => {
    throw new Error('trap');
  };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, set: boom, defineProperty: boom, deleteProperty: boom, apply: boom, isExtensible: boom, preventExtensions: boom });
}
function throwingGetters(): unknown {
  const o = { ok: 1 };
  Object.defineProperty(o, 'bad', { enumerable: true, get: () => { throw new Error('getter'); } });
  Object.defineProperty(o, 'toJSON', { enumerable: false, get: () => { throw new Error('toJSON getter'); } });
  return o;
}
function protoKeys(): unknown {
  const o = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}') as object;
  return o;
}
const FIVE_MB = 'x'.repeat(5 * 1024 * 1024);

/**
 * Hostile values are built inside the property from a generated recipe: fast-check inspects the
 * values it generates (clone checks, printing), which a throwing proxy would break.
 */
const FACTORIES: Record<string, () => unknown> = {
  undefined: () => undefined,
  null: () => null,
  nan: () => NaN,
  infinity: () => -Infinity,
  negZero: () => -0,
  bigint: () => 12345678901234567890n,
  symbol: () => Symbol('s\uD800'),
  wellKnownSymbol: () => Symbol.iterator,
  arrow: () => () => 'fn',
  klass: () => class Hostile {},
  asyncGen: () => async function* gen() {},
  domNode: () => document.createElement('div'),
  document: () => document,
  window: () => window,
  domEvent: () => new Event('x'),
  throwingProxy,
  throwingFnProxy: () => new Proxy(() => undefined, { get: () => { throw new Error('fn trap'); } }),
  throwingGetters,
  frozen: () => Object.freeze({ frozen: Object.freeze([1, 2]) }),
  sealed: () => Object.seal({ sealed: true }),
  protoKeys,
  nullProto: () => Object.create(null) as object,
  cyclic,
  deep10k: () => deep(10_000),
  deepArray10k: () => deepArray(10_000),
  fiveMB: () => FIVE_MB,
  loneHigh: () => '\uD800',
  loneLow: () => 'a\uDFFFb',
  nul: () => '\u0000\u2028\u2029',
  scriptTag: () => '</script><script>alert(1)</script>',
  map: () => new Map<unknown, unknown>([[{}, 1], ['k', Symbol('s')]]),
  set: () => new Set([1, {}, null]),
  badDate: () => new Date(NaN),
  regex: () => /re(g)ex/giu,
  typed: () => new Uint8Array(1000),
  errorWithCause: () => new Error('err', { cause: cyclic() }),
  promise: () => Promise.resolve(1),
  weakMap: () => new WeakMap(),
  sparse: () => {
    const a: unknown[] = [];
    a[1e6] = 1; // length 1,000,001
    return a;
  },
};
type Recipe = { f: string } | { json: unknown } | { str: string } | { dict: [string, Recipe][] } | { arr: Recipe[] };

function build(r: Recipe): unknown {
  if ('f' in r) return FACTORIES[r.f]!();
  if ('json' in r) return r.json;
  if ('str' in r) return r.str;
  if ('arr' in r) return r.arr.map(build);
  const o: Record<string, unknown> = {};
  for (const [k, v] of r.dict) {
    // define, not assign: "__proto__" becomes an own key, as JSON.parse makes it
    Object.defineProperty(o, k, { value: build(v), enumerable: true, configurable: true, writable: true });
  }
  return o;
}

const leafRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...Object.keys(FACTORIES)).map((f) => ({ f })) },
  { weight: 1, arbitrary: fc.jsonValue().map((json) => ({ json })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((str) => ({ str })) },
);
const propsRecipe: fc.Arbitrary<Recipe> = fc.oneof(
  leafRecipe,
  fc
    .array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toJSON', 'hasOwnProperty', '\uD800', '')), leafRecipe), { maxLength: 6 })
    .map((dict) => ({ dict })),
  fc.array(leafRecipe, { maxLength: 5 }).map((arr) => ({ arr })),
);
const nameRecipe: fc.Arbitrary<Recipe> = fc.oneof(fc.string().map((str) => ({ str })), leafRecipe);

// ---------------------------------------------------------------------------------------------
let h: CaptureHarness;
let analytics: TrivialAnalytics;
let restoreViewport: () => void;
const calls: { token: number; nameIsString: boolean }[] = [];

beforeAll(() => {
  h = installCaptureHarness();
  analytics = new TrivialAnalytics();
  (window as unknown as { __SEGMENT_INSPECTOR__: { attach: AnyFn } }).__SEGMENT_INSPECTOR__.attach(analytics);
  restoreViewport = fakeListViewportHeight(600);
});
afterAll(() => {
  cleanup();
  restoreViewport();
});

describe('hostile values from page to panel', () => {
  it('never throw to the caller, keep the return value, are all captured, validate and render', async () => {
    await fc.assert(
      fc.asyncProperty(nameRecipe, propsRecipe, async (nameR, propsR) => {
        const name = build(nameR);
        const props = build(propsR);
        const before = h.document().events.length;
        let returned: unknown;
        expect(() => {
          returned = analytics.track(name, props);
        }).not.toThrow();
        expect(returned).toEqual({ token: analytics.n });
        calls.push({ token: analytics.n, nameIsString: typeof name === 'string' });
        await h.settle(0);
        expect(h.rejected).toEqual([]);
        const doc = h.document();
        expect(doc.events.length).toBe(before + 1);
        const event = doc.events.at(-1)!;
        expect(event.type).toBe('track');
        expect((event.built as { messageId?: unknown } | null)?.messageId).toBe(`hostile-${analytics.n}`);
        // Lone surrogates become U+FFFD (the hook makes strings well-formed); 5 MB names become a placeholder.
        if (typeof name === 'string' && name.length <= 100_000) expect(event.name).toBe((name as string & { toWellFormed(): string }).toWellFormed());
        const parsed = v.safeParse(SessionDocumentSchema, doc);
        expect(parsed.success, JSON.stringify(parsed.issues?.slice(0, 2))).toBe(true);
        expect(() => JSON.stringify(doc)).not.toThrow();
        expect(Object.prototype).not.toHaveProperty('polluted');
      }),
      { numRuns: 60, seed: 20261129 },
    );
    // every call is in the document, once, in order
    const doc = h.document();
    expect(doc.events.map((e) => (e.built as { messageId: string }).messageId)).toEqual(calls.map((c) => `hostile-${c.token}`));
  }, 120_000);

  it('the panel renders the whole hostile document, and every event opened in detail', async () => {
    const doc = h.document();
    expect(doc.events.length).toBeGreaterThanOrEqual(60);
    let view!: ReturnType<typeof render>;
    expect(() => {
      view = render(createElement(PanelApp, { store: makePanelStore(doc) }));
    }).not.toThrow();
    const options = view.getAllByRole('option');
    expect(options.length).toBeGreaterThan(0);
    // open a few rows' details (the detail renders args/built/sent as JSON trees)
    for (const option of options.slice(0, 20)) {
      expect(() => {
        option.click();
        option.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }).not.toThrow();
    }
    expect(document.querySelectorAll('img[src="x"], script').length).toBe(0);
    view.unmount();
  }, 60_000);
});
