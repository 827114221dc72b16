// @vitest-environment happy-dom
/**
 * The hook relies on no builtin the page can replace after document_start. Every method of the
 * page's String, RegExp, Array, Object, Map, Set, WeakMap, WeakSet, Promise, JSON, Number and
 * Reflect, every global function, and the DOM methods and accessors the hook touches are replaced
 * by spies that note each call made from lib/page-world; then the page does everything the hook
 * watches: the snippet stub and its script, classic analytics.js, analytics-next through the
 * inspector, Product Fruits (queue, object, listen APIs, destroy, legacy script URL), fetch, XHR,
 * beacons (text and Blob), visibility, stored identity (localStorage, then cookies).
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
  private emit(ctx: unknown) {
    const list = this.listeners.dispatch_start ?? [];
    for (let i = 0; i < list.length; i++) list[i]!(ctx);
    return ctx;
  }
  track(name: string, properties?: unknown) {
    this.n += 1;
    return this.emit({ event: { type: 'track', event: name, properties, messageId: `m-${this.n}`, context: { page: { path: '/' } } } });
  }
  identify(id: string) {
    this.n += 1;
    return this.emit({ event: { type: 'identify', userId: id, messageId: `m-${this.n}` } });
  }
}

/** Classic analytics.js as far as the hook reads it: methods, `invoke` listeners, its version. */
function classicInstance() {
  const listeners: AnyFn[] = [];
  const invoke = (type: string, payload: Record<string, unknown>) => {
    const facade = { obj: { type, ...payload, messageId: `c-${type}` }, json() { return this.obj; } };
    for (let i = 0; i < listeners.length; i++) listeners[i]!(facade);
  };
  return {
    VERSION: '4.1.0',
    on(event: string, fn: AnyFn) {
      if (event === 'invoke') listeners[listeners.length] = fn;
    },
    track(event: string, properties?: unknown) {
      invoke('track', { event, properties });
    },
    identify(userId: string) {
      invoke('identify', { userId });
    },
  };
}

/** Product Fruits' public page API as far as the hook uses it (tests/fixtures/pf-fake/script.ts is the whole fake). */
function productFruitsObject() {
  const tourListeners: Record<string, AnyFn> = {};
  return {
    object: {
      scrV: '2',
      language: 'en',
      api: {
        tours: {
          listen(event: string, fn: AnyFn) {
            tourListeners[event] = fn;
            return () => undefined;
          },
        },
        analytics: { forwardEvent: () => () => undefined },
      },
      services: { destroy: () => undefined },
    },
    finishTour: (id: number) => tourListeners['tour-finished']?.({ tourId: id }),
  };
}

const hits: string[] = [];
const restore: (() => void)[] = [];
const { apply, getOwnPropertyDescriptor, defineProperty, ownKeys, getPrototypeOf } = Reflect;
// the spies' own bookkeeping uses the builtins as they were
const split = String.prototype.split;
const includes = String.prototype.includes;
const trim = String.prototype.trim;
let inSpy = false;

/** The frame that called the page's builtin, when it is the hook's own code. */
function hookCaller(): string | null {
  inSpy = true;
  try {
    const frames = apply(split, String(new Error().stack ?? ''), ['\n']) as string[];
    const caller = frames[4] ?? '';
    return apply(includes, caller, ['/lib/page-world/']) && !apply(includes, caller, ['.test.ts']) ? (apply(trim, caller, []) as string) : null;
  } finally {
    inSpy = false;
  }
}

/**
 * The stub's reporting `push` hands the page's push call on to the push the page had: that call
 * is the page's own, made for it, not one the hook relies on.
 */
const FORWARDED = 'Array.prototype.push from at Array.push (';

function note(label: string): void {
  if (inSpy) return;
  const caller = hookCaller();
  const hit = `${label} from ${caller}`;
  if (caller !== null && !hit.startsWith(FORWARDED)) hits[hits.length] = hit;
}

/** Replace `owner[key]` (a method, or an accessor's getter) by one that notes calls from the hook. */
function spy(owner: object, key: PropertyKey, label: string): void {
  const own = getOwnPropertyDescriptor(owner, key);
  if (!own || !own.configurable) return;
  if (typeof own.get === 'function') {
    const get = own.get;
    defineProperty(owner, key, { ...own, get: function (this: unknown) { note(`${label} (getter)`); return apply(get, this, []); } });
  } else if (typeof own.value === 'function' && key !== 'constructor') {
    const original = own.value as AnyFn;
    const replacement = original.prototype !== undefined && /^[A-Z]/.test(String(key))
      ? new Proxy(original, { construct(target, args, newTarget) { note(label); return Reflect.construct(target, args, newTarget); }, apply(target, self, args) { note(label); return apply(target, self, args); } })
      : function (this: unknown, ...args: unknown[]) { note(label); return apply(original, this, args); };
    defineProperty(owner, key, { ...own, value: replacement });
  } else return;
  restore[restore.length] = () => defineProperty(owner, key, own);
}

function spyAll(owner: object | undefined, name: string, keys?: readonly PropertyKey[]): void {
  if (!owner) return;
  for (const key of keys ?? ownKeys(owner)) spy(owner, key, `${name}.${String(key)}`);
}

/** The accessor or method `key` of the object's nearest prototype that defines it. */
function spyInherited(target: object, key: string, name: string): void {
  for (let p: object | null = target; p; p = getPrototypeOf(p) as object | null) {
    if (getOwnPropertyDescriptor(p, key)) return spy(p, key, `${name}.${key}`);
  }
}

function spyOnEverything(): void {
  for (const [owner, name] of [
    [String.prototype, 'String.prototype'],
    [RegExp.prototype, 'RegExp.prototype'],
    [Array.prototype, 'Array.prototype'],
    [Number.prototype, 'Number.prototype'],
    [Map.prototype, 'Map.prototype'],
    [Set.prototype, 'Set.prototype'],
    [WeakMap.prototype, 'WeakMap.prototype'],
    [WeakSet.prototype, 'WeakSet.prototype'],
    [Promise.prototype, 'Promise.prototype'],
    [Object.prototype, 'Object.prototype'],
    [Function.prototype, 'Function.prototype'],
    [Object, 'Object'],
    [Array, 'Array'],
    [String, 'String'],
    [Number, 'Number'],
    [JSON, 'JSON'],
  ] as const) spyAll(owner, name);
  spyAll(globalThis, 'globalThis', ['decodeURIComponent', 'encodeURIComponent', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'escape', 'unescape']);
  spyAll(w, 'window', ['URL', 'URLSearchParams']);
  spyAll(URL.prototype, 'URL.prototype');
  spyAll(URLSearchParams.prototype, 'URLSearchParams.prototype');
  const doc = document as unknown as object;
  for (const key of ['title', 'cookie', 'visibilityState', 'readyState', 'currentScript', 'addEventListener']) spyInherited(doc, key, 'document');
  for (const key of ['localStorage', 'sessionStorage', 'addEventListener', 'dispatchEvent']) spyInherited(window, key, 'window');
  spyAll(Storage.prototype, 'Storage.prototype', ['getItem', 'key', 'length']);
  const script = document.createElement('script');
  for (const key of ['getAttribute', 'src', 'nodeName', 'tagName', 'addEventListener']) spyInherited(script, key, 'script');
  const xhr = new XMLHttpRequest();
  for (const key of ['status', 'readyState', 'addEventListener']) spyInherited(xhr, key, 'xhr');
  const response = new Response('x');
  for (const key of ['status', 'ok', 'url']) spyInherited(response, key, 'response');
  const blob = new Blob(['x']);
  for (const key of ['type', 'size', 'text']) spyInherited(blob, key, 'blob');
}

let h: CaptureHarness;
beforeAll(() => {
  // beacons and XHR go nowhere: stand-ins installed before the hook, which wraps them as the browser's
  Navigator.prototype.sendBeacon = () => true;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest) {
    this.dispatchEvent(new Event('loadend'));
  };
  // analytics.js's cookie, read when localStorage has no identity
  document.cookie = 'ajs_anonymous_id=%22anon-cookie%22';
  h = installCaptureHarness();
});
afterAll(() => {
  for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
});

function addScript(src: string, attributes: Record<string, string> = {}): void {
  const script = document.createElement('script');
  script.type = 'text/x-not-run';
  for (const [k, v] of Object.entries(attributes)) script.setAttribute(k, v);
  script.setAttribute('src', src);
  document.head.appendChild(script);
}

describe('the page replaced builtins after document_start', () => {
  it('the hook calls none of them, in the calls, its watchers or the flush', async () => {
    const instance = new FakeNext();
    const pf = productFruitsObject();
    spyOnEverything();
    try {
      // the snippet's stub, its library script, then classic analytics.js taking the global
      const stub: unknown[] = [['track', 'Queued', { q: 1 }]];
      w.analytics = stub;
      stub.push(['page']);
      addScript('https://cdn.segment.com/analytics.js/v1/wk-classic/analytics.min.js', { 'data-global-segment-analytics-key': 'analytics' });
      w.analytics = classicInstance();
      (w.analytics as ReturnType<typeof classicInstance>).track('Classic', { c: 1 });
      // analytics-next through the inspector
      (w.__SEGMENT_INSPECTOR__ as { attach: AnyFn }).attach(instance);
      instance.identify('u-1');
      instance.track('Pristine', { n: 1, list: [1, 2], nested: { k: 'v' } });
      // Product Fruits: queue, legacy script URL, object, ready, a listened event, destroy
      w.$productFruits = [['init', 'ws-1', 'en', { username: 'u-1', email: 'ann@example.com' }]];
      (w.$productFruits as unknown[]).push(['updateUserData', { username: 'u-1', props: { plan: 'pro' } }]);
      addScript('https://app.productfruits.com/static/script.js?c=ws-1');
      w.productFruits = pf.object;
      window.dispatchEvent(new Event('productfruits_ready'));
      pf.finishTour(7);
      pf.object.services.destroy();
      // the network: a settings request, a Segment request, XHR, beacons
      await fetch('https://cdn.segment.com/v1/projects/wk/settings');
      await fetch('https://api.segment.io/v1/t', { method: 'POST', body: '{"messageId":"n-1","type":"track","event":"Sent"}' });
      const xhr = new XMLHttpRequest();
      const loaded = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
      xhr.open('POST', 'https://api.segment.io/v1/t');
      xhr.send('{"messageId":"n-2","type":"track","event":"By XHR"}');
      await loaded;
      navigator.sendBeacon('https://api.segment.io/v1/t', '{"messageId":"n-3","type":"track","event":"By Beacon"}');
      navigator.sendBeacon('https://proxy.example.com/t', new Blob(['{"messageId":"n-4","type":"track","event":"Blob Beacon"}'], { type: 'text/plain' }));
      document.dispatchEvent(new Event('visibilitychange'));
      await h.settle();
    } finally {
      for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
      restore.length = 0;
    }
    expect(hits).toEqual([]);
    const doc = h.document();
    const names = doc.events.map((e) => `${e.source}:${e.type}:${e.name ?? ''}`);
    for (const expected of ['segment:track:Queued', 'segment:page:', 'segment:track:Classic', 'segment:identify:', 'segment:track:Pristine', 'segment:track:Sent', 'segment:track:By XHR', 'segment:track:By Beacon', 'segment:track:Blob Beacon', 'productfruits:tour-finished:7']) {
      expect(names, JSON.stringify(names)).toContain(expected);
    }
    expect(doc.segment.identity).toMatchObject({ anonymousId: 'anon-cookie', source: 'cookie' });
    expect(doc.productFruits).toMatchObject({ snippet: 'v2', workspaceCode: 'ws-1', ready: false });
  });
});
