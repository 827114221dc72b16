/**
 * The builtins the hook relies on, captured when the hook's module loads at document_start, before
 * any page script: a page that later replaces `JSON.stringify`, `Array.prototype.slice`,
 * `String.prototype.indexOf`, `RegExp.prototype.exec`, `Promise.prototype.then` or adds
 * `Array.prototype.toJSON` (Prototype.js) must neither run its code inside our bookkeeping nor
 * change what we send. DOM accessors are captured by each hook when it installs (`readerOf`). Also
 * the one place that makes our wrappers read as native: `Function.prototype.toString` gives each
 * wrapper the text of what it replaced.
 */
const { apply } = Reflect;
const arraySlice = Array.prototype.slice;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const defineOwn = Object.defineProperty;
const ownDescriptor = Object.getOwnPropertyDescriptor;
const getPrototypeOf = Object.getPrototypeOf;
const OBJECT_PROTOTYPE = Object.prototype;
const objectToString = Object.prototype.toString;
const sameValue = Object.is;
const promiseThen = Promise.prototype.then;
const jsonStringify = JSON.stringify;
const nativeToString = Function.prototype.toString;
const isFiniteNumber = Number.isFinite;
const textIndexOf = String.prototype.indexOf;
const textSlice = String.prototype.slice;
const textTrim = String.prototype.trim;
const textLower = String.prototype.toLowerCase;
const regExpExec = RegExp.prototype.exec;
const hasOwn = Object.hasOwn;
type Lookup = (target: object, key: string | number) => unknown;
const legacy = Object.prototype as unknown as { __lookupGetter__: Lookup; __lookupSetter__: Lookup };
// bound to the native `call`, so each read is one call that looks nothing up on the page's prototypes
// (pure: the Firefox package, which does not read this way, leaves them out)
const getterIn = /* @__PURE__ */ Function.prototype.call.bind(legacy.__lookupGetter__) as Lookup;
const setterIn = /* @__PURE__ */ Function.prototype.call.bind(legacy.__lookupSetter__) as Lookup;

export { apply, defineOwn, getPrototypeOf, getterIn, hasOwn, isArray, isFiniteNumber, objectKeys, OBJECT_PROTOTYPE, objectToString, ownDescriptor, sameValue };

/** `text.indexOf(part, from)` */
export const indexIn = (text: string, part: string, from = 0): number => apply(textIndexOf, text, [part, from]) as number;
/** `text.slice(start, end)` */
export const sliceText = (text: string, start: number, end?: number): string => apply(textSlice, text, end === undefined ? [start] : [start, end]) as string;
export const startsWith = (text: string, prefix: string): boolean => sliceText(text, 0, prefix.length) === prefix;
export const endsWith = (text: string, suffix: string): boolean => text.length >= suffix.length && sliceText(text, text.length - suffix.length) === suffix;
export const trimText = (text: string): string => apply(textTrim, text, []) as string;
export const lowerText = (text: string): string => apply(textLower, text, []) as string;

/** V8 makes a string of fewer characters than this flat, never a rope or a slice of another. */
const MIN_ROPE_CHARS = 13;
/**
 * `text` itself, as a flat string where it was a rope (the page concatenated it: analytics-next's
 * every `messageId` and `anonymousId` is one) and has no capital letter. Chrome's JSON.stringify
 * runs its fast path only while every string it meets is flat: at the first rope or slice it starts
 * again on the slow path, 2-7x slower for the whole envelope (docs/benchmarks.md, section 1).
 * toLowerCase always gives a new flat string; a lowered text that differs is not the same text, so
 * then `text` is kept as it is. (trim, which flattens too, gives back its receiver when the rope
 * was flattened in place before, as analytics-next's are by the time the hook copies them.)
 */
export function flatText(text: string): string {
  if (text.length < MIN_ROPE_CHARS) return text;
  const lower = lowerText(text);
  return lower === text ? lower : text;
}

/** What ownValue gives where `key` is not an own data property: absent, or a getter or setter. */
export const NOT_DATA: unique symbol = Symbol('not data');

type OwnValue = (target: object, key: string | number) => unknown;

/**
 * ownValue in V8: `hasOwn`, then the native lookups, then the property itself, which for an own
 * data property runs nothing, and no descriptor object is made. A descriptor per value read was
 * most of what the hook allocated per event, and on a page with analytics-next each scavenge that
 * garbage brought on also copied the library's many live young objects (10,000 tracks: 16
 * scavenges without the extension, 20 with it, 17 with this; docs/benchmarks.md, section 1).
 * `hasOwn` first: for a key that is not own, the lookups would walk the page's prototypes.
 */
export const ownValueByLookup: OwnValue = (target, key) => {
  if (!hasOwn(target, key) || getterIn(target, key) !== undefined) return NOT_DATA;
  const value = (target as Record<string | number, unknown>)[key];
  // a setter alone reads as undefined
  return value === undefined && setterIn(target, key) !== undefined ? NOT_DATA : value;
};

/** ownValue in SpiderMonkey, whose `__lookupGetter__` is self-hosted: there the lookups took twice what one descriptor does. */
export const ownValueByDescriptor: OwnValue = (target, key) => {
  const descriptor = ownDescriptor(target, key);
  return descriptor === undefined || descriptor.get !== undefined || descriptor.set !== undefined ? NOT_DATA : descriptor.value;
};

/**
 * `target[key]` where that is an own data property, else NOT_DATA (then the caller reads the
 * descriptor for what it is); no getter runs. Each package reads the way its engine does fastest.
 */
export const ownValue: OwnValue = import.meta.env.FIREFOX ? ownValueByDescriptor : ownValueByLookup;

/**
 * Whether ownValue reads by lookup: then the walks inside the page's call and at flush take its
 * first reads inline (`hasOwn`, `getterIn`, the value) and call ownValue only where those do not
 * find a defined own data property. Cold code, as the first thousands of calls on a page run,
 * pays per function call made.
 */
export const READS_BY_LOOKUP = !import.meta.env.FIREFOX;

/** `re.test(text)` for a regex without the global or sticky flag (the native exec reads only `lastIndex`). */
export const matches = (re: RegExp, text: string): boolean => apply(regExpExec, re, [text]) !== null;

/**
 * Reads `key` with the getter `proto` or its nearest prototype has when a hook installs, even once
 * the page replaced it. Where the property is a plain value (some DOM implementations), reading
 * the property is all there is.
 */
export function readerOf(proto: object | null | undefined, key: string): (target: object) => unknown {
  for (let p = proto; p; p = getPrototypeOf(p) as object | null) {
    const own = ownDescriptor(p, key);
    if (!own) continue;
    const get = own.get;
    if (get) return (target) => apply(get, target, []);
    break;
  }
  return (target) => (target as Record<string, unknown>)[key];
}

/** The method `key` of `proto`'s chain as it is when a hook installs. */
export function methodOf(proto: object | null | undefined, key: string): ((...args: never[]) => unknown) | undefined {
  const value = proto ? (proto as Record<string, unknown>)[key] : undefined;
  return typeof value === 'function' ? (value as (...args: never[]) => unknown) : undefined;
}

export interface ParsedUrl {
  href: string;
  hostname: string;
  pathname: string;
  param(name: string): string | null;
}

/** `new URL(input, base)` read with the URL class and accessors the page had when the hook installed; throws as URL does. */
export function urlParser(win: typeof globalThis): (input: string, base: string) => ParsedUrl {
  const Url = win.URL;
  const proto = Url.prototype;
  const href = readerOf(proto, 'href');
  const hostname = readerOf(proto, 'hostname');
  const pathname = readerOf(proto, 'pathname');
  const searchParams = readerOf(proto, 'searchParams');
  const paramOf = methodOf(win.URLSearchParams?.prototype, 'get')!;
  return (input, base) => {
    const url = new Url(input, base);
    return {
      href: href(url) as string,
      hostname: hostname(url) as string,
      pathname: pathname(url) as string,
      param: (name) => apply(paramOf, searchParams(url), [name]) as string | null,
    };
  };
}

type Collection = new (...args: never[]) => object;

/**
 * A subclass of Map, Set, WeakMap or WeakSet whose methods and `size` are the builtins as they were
 * at document_start, own properties of a prototype the page cannot reach: `get`, `set`, `has`,
 * `add`, `delete`, `size` on it never run a replacement the page made on Map.prototype & co.
 */
function pristineOf<T extends Collection>(Base: T, names: readonly string[]): T {
  const Sub = class extends (Base as Collection) {} as unknown as T;
  for (let i = 0; i < names.length; i++) {
    const own = ownDescriptor(Base.prototype, names[i]!);
    if (!own) continue;
    if ('value' in own) own.writable = false;
    own.configurable = false;
    defineOwn(Sub.prototype, names[i]!, own);
  }
  return Sub;
}

const COLLECTION_METHODS = ['get', 'set', 'has', 'add', 'delete', 'clear', 'size'] as const;
export const PristineMap = pristineOf(Map, COLLECTION_METHODS) as MapConstructor;
export const PristineSet = pristineOf(Set, COLLECTION_METHODS) as SetConstructor;
export const PristineWeakMap = pristineOf(WeakMap, COLLECTION_METHODS) as WeakMapConstructor;
export const PristineWeakSet = pristineOf(WeakSet, COLLECTION_METHODS) as WeakSetConstructor;

/**
 * `Array.prototype.slice.call(list, start, end)` without looking anything up on the page's
 * prototypes, as one call (the copy inside the page's call takes it); an undefined `start` or `end`
 * slices as if left out.
 */
export const sliceOf = Function.prototype.call.bind(arraySlice) as <T>(list: ArrayLike<T>, start?: number, end?: number) => T[];

/** `promise.then(ok, fail)` with the native `then`, even when the page replaced it. */
export function thenOf<T>(promise: Promise<T>, ok: (v: T) => unknown, fail: (e: unknown) => unknown): void {
  apply(promiseThen, promise, [ok, fail]);
}

/**
 * JSON text of plain data (what toSafeValue and our records are: objects, arrays, strings, finite
 * numbers, booleans, null). Unlike JSON.stringify it never consults a `toJSON` the page added to
 * Object/Array prototypes; strings go through the captured JSON.stringify (primitives have no toJSON).
 */
export function toJsonText(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return apply(jsonStringify, JSON, [value]) as string;
    case 'number':
      return isFiniteNumber(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined || typeof item === 'function' || typeof item === 'symbol' ? 'null' : toJsonText(item);
        }
        return `${out}]`;
      }
      let out = '{';
      let first = true;
      const record = value as Record<string, unknown>;
      const keys = objectKeys(record);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = record[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        out += `${first ? '' : ','}${apply(jsonStringify, JSON, [key]) as string}:${toJsonText(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

const disguised = new PristineWeakMap<object, unknown>();

/**
 * Give a replacement the original's `name`, `length` and source text, as the page would read
 * them: from now on `wrapper.toString()` (and Function.prototype.toString.call(wrapper)) reads as
 * `original`'s.
 */
export function looksLike(wrapper: object, original: unknown): void {
  disguised.set(wrapper, original);
  try {
    const o = original as { name: string; length: number };
    defineOwn(wrapper, 'name', { value: o.name, configurable: true });
    defineOwn(wrapper, 'length', { value: o.length, configurable: true });
  } catch {
    // cosmetic only
  }
}

/**
 * Replace the realm's Function.prototype.toString with one that answers for disguised wrappers
 * with the original's text and otherwise is the native one (itself reading as native). Same
 * property flags, name and length as the native method.
 */
export function installNativeLooks(win: Window & typeof globalThis): void {
  const proto = win.Function.prototype;
  const native = proto.toString;
  const toString = {
    toString(this: unknown): string {
      const target = (typeof this === 'function' || (typeof this === 'object' && this !== null)) && disguised.has(this as object)
        ? disguised.get(this as object)
        : this;
      return apply(native === nativeToString ? nativeToString : native, target, []) as string;
    },
  }.toString;
  disguised.set(toString, native);
  try {
    defineOwn(proto, 'toString', { value: toString, writable: true, configurable: true, enumerable: false });
  } catch {
    // a frozen Function.prototype: wrappers keep our source text
  }
}

