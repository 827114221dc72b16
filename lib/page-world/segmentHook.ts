/**
 * Sees every Segment call in the page:
 * - analytics-next (CDN and npm builds) through its official hook `__SEGMENT_INSPECTOR__.attach`,
 *   called once per instance before plugins and buffered calls run;
 * - the snippet stub (`window.analytics` as an array, or a custom global key), whose queued calls
 *   are recorded once when pushed and joined to their built event when the library replays them;
 * - classic analytics.js, wrapped when its instance is assigned to the global.
 */
import type { PageRecorder } from './pageRecorder';
import { snapshotList } from './snapshot';
import { observeQueue, watchGlobal, wrapMethod } from './transparentWrap';
import { idText, readProp } from '../shared/values';
import { SEGMENT_METHODS } from '../shared/vocabulary';
import type { PageSaysCode } from '../shared/pageSays';
import { apply, defineOwn, readerOf, isArray, matches, methodOf, ownDescriptor, sameValue, sliceOf, PristineSet, PristineWeakMap, PristineWeakSet } from './pristine';

const INSPECTOR_KEY = '__SEGMENT_INSPECTOR__';

const RECORDED: ReadonlySet<string> = new PristineSet(SEGMENT_METHODS);
const DEFAULT_GLOBAL = 'analytics';
const CUSTOM_KEY_ATTRIBUTE = 'data-global-segment-analytics-key';

interface Instance {
  id: number;
  library: 'analytics-next' | 'analytics.js';
  version: string | null;
  writeKey: string | null;
  globalName: string | null;
  onWindow: boolean;
}

interface StubCall {
  cid: number;
  method: string;
  /** the page's arguments as the library will replay them, trailing page-context object included */
  args: unknown[];
}

type Emitter = { on?: (event: string, fn: (...a: unknown[]) => void) => unknown };
type AnalyticsLike = Emitter & { queue?: Emitter; VERSION?: unknown; settings?: { writeKey?: unknown }; version?: unknown };

/** Snippet 5.x appends `{__t: 'bpc', ...}` (buffered page context) to queued calls. */
function isPageContext(value: unknown): boolean {
  return readProp(value, '__t') === 'bpc';
}

/** How many of `args` the page passed, without a trailing page context. */
function lengthWithoutPageContext(args: ArrayLike<unknown>): number {
  const length = args.length;
  return length > 0 && isPageContext(args[length - 1]) ? length - 1 : length;
}

/** The first `length` items of `a` and `b` are the same values. */
function sameItems(a: ArrayLike<unknown>, b: ArrayLike<unknown>, length: number): boolean {
  for (let i = 0; i < length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/**
 * Whether analytics-next keeps its user in localStorage or cookies, decided as its User's
 * createStorage decides from the instance's options (`user`'s over the top-level ones).
 */
function keepsIdentity(options: unknown): boolean {
  const user = readProp(options, 'user');
  const of = (key: string, top: unknown): unknown => readProp(user, key) ?? top;
  if (of('disable', false) || !of('persist', readProp(options, 'disableClientPersistence') !== true)) return false;
  const stores = readProp(of('storage', readProp(options, 'storage')), 'stores');
  // not a list of store names: its default, localStorage then cookie then memory
  if (!isArray(stores)) return true;
  let kept = false;
  for (let i = 0; i < stores.length; i++) {
    const store = stores[i];
    if (store !== 'memory' && store !== 'cookie' && store !== 'localStorage') return true;
    if (store === 'cookie' || (store === 'localStorage' && !of('localStorageFallbackDisabled', false))) kept = true;
  }
  return kept;
}

const addListener = EventTarget.prototype.addEventListener;
/** The script a snippet adds: analytics-next's standalone or classic analytics.js, from Segment's CDN or a proxy of it. */
const LIBRARY_SCRIPT = /\/analytics\.js\/v1\/[^/]+\/analytics(?:\.min)?\.js(?:[?#]|$)|\/analytics-next\/bundles\//;

/** `emitter.on(event, fn)` without Function.prototype.call, which the page may have replaced. */
function onEvent(emitter: Emitter | undefined, event: string, fn: (...a: unknown[]) => void): void {
  const on = emitter?.on;
  if (typeof on === 'function') apply(on, emitter, [event, fn]);
}

export interface SegmentHook {
  /**
   * Whether the page's storage may hold the identity analytics.js uses: not once every instance
   * seen is analytics-next keeping it out of storage (`keepsIdentity`): what is in storage then is
   * some other page's, and reading it would open the origin's storage for us.
   * null while no instance is known (a snippet stub waiting for its library): the library decides.
   */
  storesIdentity(): boolean | null;
  /**
   * A script element was added. A custom global key is only known once the snippet adds its
   * script tag, right after it filled the stub with the calls it queued.
   */
  onScript(script: Element): void;
}

export function installSegmentHook(win: Window & typeof globalThis, rec: PageRecorder): SegmentHook {
  const attached = new PristineWeakSet<object>();
  const wrapped = new PristineWeakSet<object>();
  const adoptedStubs = new PristineWeakSet<object>();
  const ctxCall = new PristineWeakMap<object, number>();
  const getAttribute = methodOf(win.Element?.prototype, 'getAttribute')!;
  const scriptSrc = readerOf(win.HTMLScriptElement?.prototype, 'src');
  const pendingStub: StubCall[] = [];
  const watchedKeys = new PristineSet<string>();
  let current: number | null = null;
  let globalName: string | null = null;
  let info = { library: 'unknown' as 'analytics-next' | 'analytics.js' | 'unknown', version: null as string | null, writeKey: null as string | null, onWindow: false };
  /** each analytics instance seen, reported on its own so two instances are never mixed up */
  const instances = new PristineWeakMap<object, Instance>();
  let instanceCount = 0;
  let persistingInstances = 0;
  let stubWriteKey: string | null = null;

  function reportInfo(patch: Partial<typeof info>, instance?: Instance): void {
    info = { ...info, ...patch };
    rec.record({ kind: 'segment', ...info, globalName, ...(instance ? { instance: { ...instance } } : {}) });
  }

  function newInstance(value: object, fields: Omit<Instance, 'id'>, persists: boolean): Instance {
    if (persists) persistingInstances += 1;
    const instance = { id: ++instanceCount, ...fields };
    instances.set(value, instance);
    return instance;
  }

  const around = {
    enter(cid: number | null) {
      const previous = current;
      current = cid;
      return previous;
    },
    leave(previous: unknown) {
      current = previous as number | null;
    },
  };

  /** The stub call the library is replaying now, or -1. Compared without the page context. */
  function replayedStub(method: string, args: ArrayLike<unknown>, length: number): number {
    for (let i = 0; i < pendingStub.length; i++) {
      const s = pendingStub[i]!;
      if (s.method === method && lengthWithoutPageContext(s.args) === length && sameItems(s.args, args, length)) return i;
    }
    return -1;
  }

  /** Runs inside the page's call: only what cannot wait (the snapshot of its arguments). */
  function recordCall(method: string, args: ArrayLike<unknown>, via: 'instance' | 'classic'): number | null {
    if (method === 'setAnonymousId' && args.length === 0) return null; // a read, not a change
    // analytics-next appends a default `{__t: 'bpc'}` when replaying calls from snippets that added
    // none (3.x, 4.x): stub and replay are compared without the page context.
    const length = lengthWithoutPageContext(args);
    const replayIndex = pendingStub.length > 0 ? replayedStub(method, args, length) : -1;
    if (replayIndex >= 0) {
      const stub = pendingStub[replayIndex]!;
      for (let i = replayIndex; i < pendingStub.length - 1; i++) pendingStub[i] = pendingStub[i + 1]!;
      pendingStub.length -= 1;
      rec.record({ kind: 'replay', cid: stub.cid });
      return stub.cid;
    }
    const cid = rec.nextId();
    rec.record({ kind: 'call', cid, at: rec.now(), method, args: snapshotList(args, length), via, globalName });
    return cid;
  }

  function wrapInstance(instance: object, via: 'instance' | 'classic'): void {
    if (wrapped.has(instance)) return;
    wrapped.add(instance);
    for (let i = 0; i < SEGMENT_METHODS.length; i++) {
      const method = SEGMENT_METHODS[i]!;
      wrapMethod(instance, method, (args) => recordCall(method, args, via), around);
    }
  }

  /**
   * `recordBuilt`: whether this is the only sight of the built event. analytics-next's queue also
   * reports it once its plugins enriched it (`message_enriched`); copying it twice would double
   * the hook's cost per call.
   */
  function onDispatchStart(ctx: unknown, recordBuilt: boolean): void {
    if (!ctx || typeof ctx !== 'object') return;
    const event = readProp(ctx, 'event');
    let cid = current;
    if (cid === null) {
      // A call that did not pass through a wrapped method (e.g. made by a plugin): record it from the event.
      cid = rec.nextId();
      rec.record({ kind: 'call', cid, at: rec.now(), method: idText(readProp(event, 'type')) ?? 'unknown', args: { value: [], used: -1 }, via: 'instance', globalName });
    }
    ctxCall.set(ctx, cid);
    if (recordBuilt) rec.record({ kind: 'built', cid, event });
  }

  function attach(analytics: unknown): void {
    if (!analytics || typeof analytics !== 'object' || attached.has(analytics)) return;
    attached.add(analytics);
    wrapInstance(analytics, 'instance');
    const a = analytics as AnalyticsLike;
    const queue = readProp(a, 'queue') as Emitter | undefined;
    const queueReports = typeof queue?.on === 'function';
    onEvent(a, 'dispatch_start', (ctx: unknown) => onDispatchStart(ctx, !queueReports));
    onEvent(queue, 'message_enriched', (ctx: unknown) => {
      const cid = ctx && typeof ctx === 'object' ? ctxCall.get(ctx) : undefined;
      if (cid !== undefined) rec.record({ kind: 'built', cid, event: readProp(ctx, 'event') });
    });
    onEvent(queue, 'delivery_failure', (ctx: unknown, error: unknown) => {
      const cid = ctx && typeof ctx === 'object' ? ctxCall.get(ctx) : undefined;
      if (cid !== undefined) rec.record({ kind: 'library-delivery', cid, at: rec.now(), error });
    });
    const version = idText(readProp(a, 'VERSION'));
    const writeKey = idText(readProp(readProp(a, 'settings'), 'writeKey'));
    const instance = newInstance(analytics, { library: 'analytics-next', version, writeKey, globalName: null, onWindow: false }, keepsIdentity(readProp(a, 'options')));
    reportInfo({ library: 'analytics-next', version: version ?? info.version, writeKey: writeKey ?? info.writeKey }, instance);
  }

  function attachClassic(instance: object): void {
    wrapInstance(instance, 'classic');
    const a = instance as AnalyticsLike;
    // Classic analytics.js emits 'invoke' with the facade it built for each call.
    onEvent(a, 'invoke', (facade: unknown) => {
      if (current === null) return;
      const json = readProp(facade, 'json');
      let built: unknown = readProp(facade, 'obj');
      if (typeof json === 'function') {
        try {
          built = apply(json as () => unknown, facade, []);
        } catch {
          // keep the facade's raw object
        }
      }
      rec.record({ kind: 'built', cid: current, event: built });
    });
    // The Segment.io integration holds the write key once the library was initialised (the CDN build is).
    const segmentIo = readProp(readProp(a, '_integrations'), 'Segment.io');
    const version = idText(readProp(a, 'VERSION'));
    const writeKey = idText(readProp(readProp(segmentIo, 'options'), 'apiKey')) ?? stubWriteKey;
    const seen = newInstance(instance, { library: 'analytics.js', version, writeKey, globalName, onWindow: true }, true);
    reportInfo({ library: 'analytics.js', version, onWindow: true, writeKey: writeKey ?? info.writeKey }, seen);
  }

  function adoptStub(stub: unknown[]): void {
    if (adoptedStubs.has(stub)) return;
    adoptedStubs.add(stub);
    const onItem = (item: unknown) => {
      if (!isArray(item) || typeof item[0] !== 'string') return;
      const method = item[0] as string;
      const args = sliceOf(item as unknown[], 1);
      // ready, on, debug, register…: configuration the library replays, not calls to show.
      if (!RECORDED.has(method) || (method === 'setAnonymousId' && args.length === 0)) return;
      const cid = rec.nextId();
      // a snapshot in a new array: `args` stays as pushed, to be matched with the library's replay
      rec.record({ kind: 'call', cid, at: rec.now(), method, args: snapshotList(args, lengthWithoutPageContext(args)), via: 'stub', globalName });
      pendingStub[pendingStub.length] = { cid, method, args };
    };
    for (let i = 0; i < stub.length; i++) onItem(stub[i]);
    observeQueue(stub, onItem);
    stubWriteKey = idText(readProp(stub, '_writeKey')) ?? stubWriteKey;
    reportInfo({ writeKey: stubWriteKey ?? info.writeKey, onWindow: false });
  }

  function onGlobalSet(key: string, value: unknown): void {
    if (value == null || typeof value !== 'object') return;
    globalName = key;
    if (isArray(value)) {
      adoptStub(value);
      return;
    }
    if (typeof readProp(value, 'track') !== 'function') return;
    const known = instances.get(value);
    if (known) {
      known.globalName = key;
      known.onWindow = true;
      known.writeKey = known.writeKey ?? stubWriteKey;
      reportInfo({ onWindow: true }, known);
    } else if (attached.has(value)) reportInfo({ onWindow: true });
    else if (typeof readProp(value, 'then') === 'function') reportInfo({ onWindow: true }); // AnalyticsBrowser: its instance is attached
    else attachClassic(value);
  }

  function watchKey(key: string): void {
    if (watchedKeys.has(key)) return;
    watchedKeys.add(key);
    watchGlobal(win, key, (value) => onGlobalSet(key, value));
  }

  // The official inspector hook: add `attach` to an object the page (or another inspector) made,
  // chaining theirs. The page or another inspector extension may replace the object or its
  // `attach` later: `defendInspector` puts ours back, chaining what it found, or says once that
  // it cannot (analytics-next instances made from then on are seen from the network only).
  const ours = new PristineWeakSet<object>();
  let hooked: object | null = null;
  let createdHost = false;
  let saidLost = false;

  function ourAttach(previous: unknown): (this: unknown, analytics: unknown) => unknown {
    const fn = function (this: unknown, analytics: unknown) {
      try {
        attach(analytics);
        // analytics-next creates `__SEGMENT_INSPECTOR__` by assignment when it is missing (an
        // enumerable property); the one we made ahead of it becomes enumerable now, as it would have been.
        if (createdHost) {
          createdHost = false;
          defineOwn(win, INSPECTOR_KEY, { enumerable: true });
        }
      } catch {
        // never break the library's start-up
      }
      if (typeof previous === 'function') return apply(previous as (...a: unknown[]) => unknown, this, arguments as unknown as unknown[]);
    };
    ours.add(fn);
    return fn;
  }

  function hookHost(host: object): boolean {
    const current = ownDescriptor(host, 'attach');
    if (current?.get !== undefined || current?.set !== undefined) return false;
    try {
      defineOwn(host, 'attach', { configurable: true, writable: true, enumerable: false, value: ourAttach(current?.value) });
    } catch {
      return false;
    }
    return ours.has(ownDescriptor(host, 'attach')?.value as object);
  }

  function lost(why: PageSaysCode): void {
    if (saidLost) return;
    saidLost = true;
    rec.record({ kind: 'segment-load', at: rec.now(), what: 'inspector', url: String(win.location.href), error: why });
  }

  function defendInspector(): void {
    const slot = ownDescriptor(win, INSPECTOR_KEY);
    if (slot === undefined) {
      // removed: make it again, as at document_start
      hooked = {};
      createdHost = true;
      try {
        defineOwn(win, INSPECTOR_KEY, { value: hooked, writable: true, configurable: true, enumerable: false });
      } catch {
        return lost('inspector-removed');
      }
    } else if (slot.get !== undefined || slot.set !== undefined) {
      return lost('inspector-accessor');
    } else if (!slot.value || typeof slot.value !== 'object') {
      return lost('inspector-not-object');
    } else hooked = slot.value as object;
    const attachNow = ownDescriptor(hooked, 'attach')?.value;
    if (typeof attachNow === 'function' && ours.has(attachNow)) return;
    if (!hookHost(hooked)) lost('inspector-unchainable');
  }

  defendInspector();
  rec.onFlush((records) => {
    defendInspector();
    return records;
  });

  watchKey(DEFAULT_GLOBAL);

  return {
    storesIdentity: () => (instanceCount === 0 ? null : persistingInstances > 0),
    onScript(script) {
      // a library script may be about to attach: make sure the inspector hook is still ours
      defendInspector();
      const key = apply(getAttribute, script, [CUSTOM_KEY_ATTRIBUTE]);
      if (typeof key === 'string' && key !== '' && key !== DEFAULT_GLOBAL) watchKey(key);
      const src = scriptSrc(script);
      if (typeof src === 'string' && src !== '' && matches(LIBRARY_SCRIPT, src)) {
        apply(addListener, script, ['error', () => {
          rec.record({ kind: 'segment-load', at: rec.now(), what: 'script', url: src, error: 'script-failed' satisfies PageSaysCode });
        }]);
      }
    },
  };
}
