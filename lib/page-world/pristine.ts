/**
 * The builtins the hook relies on, captured when the hook's module loads at document_start, before
 * any page script: a page that later replaces `JSON.stringify`, `Array.prototype.slice`,
 * `Promise.prototype.then` or adds `Array.prototype.toJSON` (Prototype.js) must neither run its
 * code inside our bookkeeping nor change what we send. Also the one place that makes our wrappers
 * read as native: `Function.prototype.toString` gives each wrapper the text of what it replaced.
 */
const { apply } = Reflect;
const arraySlice = Array.prototype.slice;
const isArray = Array.isArray;
const objectKeys = Object.keys;
const defineOwn = Object.defineProperty;
const promiseThen = Promise.prototype.then;
const jsonStringify = JSON.stringify;
const nativeToString = Function.prototype.toString;
const isFiniteNumber = Number.isFinite;

export { apply, defineOwn };

type Collection = new (...args: never[]) => object;

/**
 * A subclass of Map, Set, WeakMap or WeakSet whose methods are the builtins as they were at
 * document_start, own properties of a prototype the page cannot reach: `get`, `set`, `has`,
 * `add`, `delete` on it never run a replacement the page made on Map.prototype & co.
 */
function pristineOf<T extends Collection>(Base: T, names: readonly string[]): T {
  const Sub = class extends (Base as Collection) {} as unknown as T;
  const base = Base.prototype as Record<string, unknown>;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (typeof base[name] === 'function') defineOwn(Sub.prototype, name, { value: base[name], writable: false, configurable: false, enumerable: false });
  }
  return Sub;
}

const COLLECTION_METHODS = ['get', 'set', 'has', 'add', 'delete', 'clear'] as const;
export const PristineMap = pristineOf(Map, COLLECTION_METHODS) as MapConstructor;
export const PristineSet = pristineOf(Set, COLLECTION_METHODS) as SetConstructor;
export const PristineWeakMap = pristineOf(WeakMap, COLLECTION_METHODS) as WeakMapConstructor;
export const PristineWeakSet = pristineOf(WeakSet, COLLECTION_METHODS) as WeakSetConstructor;

/** `Array.prototype.slice.call(list, start, end)` without looking anything up on the page's prototypes. */
export function sliceOf<T>(list: ArrayLike<T>, start?: number, end?: number): T[] {
  return apply(arraySlice, list, end === undefined ? (start === undefined ? [] : [start]) : [start, end]) as T[];
}

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

/** From now on `wrapper.toString()` (and Function.prototype.toString.call(wrapper)) reads as `original`'s. */
export function looksLike(wrapper: object, original: unknown): void {
  disguised.set(wrapper, original);
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

