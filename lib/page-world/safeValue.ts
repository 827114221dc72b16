/**
 * Turns anything a page passed to `analytics.track(...)` & co. into JSON-compatible data.
 *
 * Runs in the page's main world, inside the analytics debugging hook, so it must never throw,
 * never hand control to page code when that can be avoided (getters, toJSON, patched builtins),
 * and stay cheap for the usual small object of primitives. Every builtin it uses is captured
 * when the module loads: the page may replace `Object.keys`, `Array.isArray`,
 * `Function.prototype.call`, ... later, and lookups at call time would then run page code.
 *
 * Deliberately not honoured: `toJSON` (page code) and non-enumerable or symbol keys (not what
 * Segment would send either). Strings are kept as they are, lone surrogates too: the envelope's
 * JSON text escapes them (JSON.stringify is well-formed), and the background makes them U+FFFD
 * (readEnvelope), off the page's thread.
 */
import { apply, defineOwn, flatText, getPrototypeOf, getterIn, hasOwn, isArray, isFiniteNumber, NOT_DATA, objectKeys, OBJECT_PROTOTYPE, objectToString, ownDescriptor, ownValue, PristineWeakMap, READS_BY_LOOKUP } from './pristine';

export interface SafeValueLimits {
  /** Approximate size budget of the whole output (string lengths plus ~8 per value). */
  maxBytes: number;
  /** Nesting beyond this becomes `[Depth limit]`; also what keeps recursion off the stack limit. */
  maxDepth: number;
  /** Entries kept per object, array, Map or Set. */
  maxKeys: number;
}


const DEFAULT_LIMITS: SafeValueLimits = { maxBytes: 1_000_000, maxDepth: 64, maxKeys: 1000 };

/**
 * Longer strings become a size placeholder instead of a prefix: such strings are base64 blobs or
 * serialised documents, whose first part rarely helps, and a fixed placeholder keeps the output
 * size predictable. Sizes count UTF-16 code units as bytes (an approximation that avoids
 * scanning megabytes to count UTF-8 bytes).
 */
const MAX_STRING_CHARS = 100_000;
/** Budget charged per value on top of string lengths: punctuation, numbers, literals. */
const VALUE_COST = 8;
/** Key under which an object records how many entries were left out. */
export const MORE_KEY = '[…]';
const TRUNCATED = '[Truncated]';
/** Bounds the prototype walks used to recognise DOM nodes and read error fields. */
const MAX_PROTOTYPE_HOPS = 32;
const MAX_MESSAGE_CHARS = 200;

type Method = (...args: never[]) => unknown;

const NO_ARGS: readonly never[] = [];

function getterOf(target: object, key: PropertyKey): Method {
  const get = ownDescriptor(target, key)?.get;
  if (get === undefined) throw new TypeError(`safeValue: no getter ${String(key)}`);
  return get;
}

const dateGetTime = Date.prototype.getTime;
const dateToISOString = Date.prototype.toISOString;
const regExpSource = getterOf(RegExp.prototype, 'source');
const regExpFlags = getterOf(RegExp.prototype, 'flags');
const mapSize = getterOf(Map.prototype, 'size');
const mapEntries = Map.prototype.entries;
const mapIteratorNext = getPrototypeOf(new Map().entries()).next as Method;
const setSize = getterOf(Set.prototype, 'size');
const setValues = Set.prototype.values;
const setIteratorNext = getPrototypeOf(new Set().values()).next as Method;
const typedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object;
/** Returns the typed array's class name, or undefined for anything else: a brand check that works across realms. */
const typedArrayName = getterOf(typedArrayPrototype, Symbol.toStringTag);
const typedArrayByteLength = getterOf(typedArrayPrototype, 'byteLength');
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, 'byteLength');
const dataViewByteLength = getterOf(DataView.prototype, 'byteLength');
const symbolDescription = getterOf(Symbol.prototype, 'description');
const stringSlice = String.prototype.slice;
const stringCharCodeAt = String.prototype.charCodeAt;
const stringToLowerCase = String.prototype.toLowerCase;

/** valueOf of each boxed primitive: calling it is both the unboxing and the brand check. */
const BOXED_VALUE_OF: Readonly<Record<string, Method>> = {
  '[object String]': String.prototype.valueOf,
  '[object Number]': Number.prototype.valueOf,
  '[object Boolean]': Boolean.prototype.valueOf,
  '[object BigInt]': BigInt.prototype.valueOf,
  '[object Symbol]': Symbol.prototype.valueOf,
};

/** Opaque objects whose contents cannot or should not be read. */
const OPAQUE_TAGS: Readonly<Record<string, string>> = {
  '[object Promise]': '[Promise]',
  '[object WeakMap]': '[WeakMap]',
  '[object WeakSet]': '[WeakSet]',
  '[object WeakRef]': '[WeakRef]',
  '[object SharedArrayBuffer]': '[SharedArrayBuffer]',
  '[object Window]': '[Window]',
};

interface Walk {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxKeys: number;
  used: number;
  /** ancestors[d] is the object being converted at depth d (entries past the current depth are stale). */
  readonly ancestors: object[];
  /** path[d] is the key leading from ancestors[d] to the value being converted below it. */
  readonly path: string[];
}

/**
 * Results of an earlier toSafeValue (an eager part of a snapshot) with the budget they used: a
 * later walk takes them as they are, so cutting them again cannot change them.
 */
const settled = new PristineWeakMap<object, number>();

export function toSafeValue(value: unknown, limits?: Partial<SafeValueLimits>): unknown {
  return walkFrom(value, limits).value;
}

/** toSafeValue, and how much of the size budget its result used. */
export function toSafeValueSized(value: unknown): { value: unknown; used: number } {
  return walkFrom(value);
}

/**
 * toSafeValue for a part of a snapshot, converted at once: says how much of the size budget its
 * result used, and marks the result so the walk at flush takes it as it is.
 */
export function toSafeValueCounted(value: unknown, limits?: Partial<SafeValueLimits>): { value: unknown; used: number } {
  const result = walkFrom(value, limits);
  if (result.value !== null && typeof result.value === 'object') settled.set(result.value, result.used);
  return result;
}

/**
 * toSafeValue of a plain object, where `byReference(key, item)` may take an entry's place: the
 * entry is then left null, for the caller to send a reference to a copy it already has. One size
 * budget for the whole object, as toSafeValue has. Null for anything but a plain object, which the
 * caller copies whole.
 */
export function toSafeEntries(value: unknown, byReference: (key: string, item: unknown) => boolean): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || isArray(value)) return null;
  try {
    if (getPrototypeOf(value) !== OBJECT_PROTOTYPE || apply(objectToString, value, NO_ARGS) !== '[object Object]') return null;
    const walk = newWalk();
    walk.ancestors[0] = value;
    walk.used += VALUE_COST;
    return convertPlainObject(value, walk, 0, byReference);
  } catch {
    return null;
  }
}

function newWalk(limits?: Partial<SafeValueLimits>): Walk {
  return {
    maxBytes: limitOr(limits?.maxBytes, DEFAULT_LIMITS.maxBytes),
    maxDepth: limitOr(limits?.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxKeys: limitOr(limits?.maxKeys, DEFAULT_LIMITS.maxKeys),
    used: 0,
    ancestors: [],
    path: [],
  };
}

function walkFrom(value: unknown, limits?: Partial<SafeValueLimits>): { value: unknown; used: number } {
  const walk = newWalk(limits);
  let result: unknown;
  try {
    result = convert(value, walk, 0);
    if (result === undefined) result = '[undefined]';
  } catch (error) {
    result = unreadable(error);
  }
  return { value: result, used: walk.used };
}

function limitOr(requested: number | undefined, fallback: number): number {
  return typeof requested === 'number' && requested >= 0 ? requested : fallback;
}

/** Returns undefined only for undefined, so that objects can omit the key as JSON does. */
function convert(value: unknown, walk: Walk, depth: number): unknown {
  if (walk.used > walk.maxBytes) return TRUNCATED;
  switch (typeof value) {
    case 'string':
      return safeString(value, walk);
    case 'number':
      walk.used += VALUE_COST;
      if (isFiniteNumber(value)) return value === 0 ? 0 : value; // -0 would not survive JSON
      return value !== value ? '[NaN]' : value > 0 ? '[Infinity]' : '[-Infinity]';
    case 'boolean':
      walk.used += VALUE_COST;
      return value;
    case 'undefined':
      return undefined;
    case 'bigint':
      return safeString(`[BigInt ${value}]`, walk);
    case 'symbol':
      return describeSymbol(value, walk);
    case 'function':
      return safeString(`[Function ${functionName(value)}]`, walk);
    default:
      if (value === null) {
        walk.used += VALUE_COST;
        return null;
      }
      try {
        return convertObject(value as object, walk, depth);
      } catch (error) {
        return unreadable(error);
      }
  }
}

function convertObject(value: object, walk: Walk, depth: number): unknown {
  const used = settled.get(value);
  if (used !== undefined) {
    walk.used += used;
    return value;
  }
  for (let d = 0; d < depth; d++) {
    if (walk.ancestors[d] === value) return safeString(circularPath(walk, d), walk);
  }
  if (depth >= walk.maxDepth) return '[Depth limit]';
  walk.ancestors[depth] = value;
  walk.used += VALUE_COST;

  if (isArray(value)) return convertArray(value as unknown[], walk, depth);
  const tag = apply(objectToString, value, NO_ARGS) as string;
  switch (tag) {
    case '[object Object]': {
      // Plain objects are the hot path; anything else may be a cross-origin window or a class.
      const proto: unknown = getPrototypeOf(value);
      if (proto === OBJECT_PROTOTYPE) return convertPlainObject(value, walk, depth);
      return describeHost(value, tag, walk) ?? convertPlainObject(value, walk, depth);
    }
    case '[object Date]':
      return convertDate(value, walk, depth);
    case '[object RegExp]':
      return convertRegExp(value, walk, depth);
    case '[object Error]':
    case '[object DOMException]':
      return convertError(value, walk, depth);
    case '[object Map]':
      return convertMap(value, walk, depth);
    case '[object Set]':
      return convertSet(value, walk, depth);
    case '[object ArrayBuffer]':
      return describeBuffer(value, 'ArrayBuffer', arrayBufferByteLength, walk, depth);
    case '[object DataView]':
      return describeBuffer(value, 'DataView', dataViewByteLength, walk, depth);
  }
  const boxedValueOf = BOXED_VALUE_OF[tag];
  if (boxedValueOf !== undefined) {
    const primitive = callBrandChecked(boxedValueOf, value);
    return primitive === NOT_BRAND ? convertPlainObject(value, walk, depth) : convert(primitive, walk, depth);
  }
  const opaque = OPAQUE_TAGS[tag];
  if (opaque !== undefined) return opaque;
  const arrayName = apply(typedArrayName, value, NO_ARGS);
  if (typeof arrayName === 'string') {
    return `[${arrayName} ${apply(typedArrayByteLength, value, NO_ARGS) as number} bytes]`;
  }
  return describeHost(value, tag, walk) ?? convertPlainObject(value, walk, depth);
}

function convertPlainObject(value: object, walk: Walk, depth: number, byReference?: (key: string, item: unknown) => boolean): Record<string, unknown> {
  const names = objectKeys(value);
  const out: Record<string, unknown> = {};
  const count = names.length;
  const kept = count < walk.maxKeys ? count : walk.maxKeys;
  for (let i = 0; i < kept; i++) {
    const key = names[i] as string;
    walk.used += key.length;
    if (walk.used > walk.maxBytes) {
      setEntry(out, MORE_KEY, `[Truncated ${count - i} more]`);
      return out;
    }
    let item: unknown;
    try {
      walk.path[depth] = key;
      // ownValue's reads inline (READS_BY_LOOKUP); where they find no defined own data property, ownValue says
      let own: unknown = READS_BY_LOOKUP && hasOwn(value, key) && getterIn(value, key) === undefined ? (value as Record<string, unknown>)[key] : NOT_DATA;
      if (own === NOT_DATA || own === undefined) own = ownValue(value, key);
      if (own === NOT_DATA) item = fromDescriptor(ownDescriptor(value, key), walk, depth);
      else if (byReference !== undefined && byReference(key, own)) {
        setEntry(out, key, null);
        continue;
      } else item = convert(own, walk, depth + 1);
    } catch (error) {
      item = unreadable(error);
    }
    if (item !== undefined) setEntry(out, key, item);
  }
  if (count > kept) setEntry(out, MORE_KEY, `[${count - kept} more]`);
  return out;
}

function convertArray(value: unknown[], walk: Walk, depth: number): unknown[] {
  const length = value.length; // a real array's length is a data property; a Proxy's trap may throw, caught by convert
  const out: unknown[] = [];
  const count = typeof length === 'number' && length > 0 ? length : 0;
  const kept = count < walk.maxKeys ? count : walk.maxKeys;
  for (let i = 0; i < kept; i++) {
    if (walk.used > walk.maxBytes) {
      out[i] = `[Truncated ${count - i} more]`;
      return out;
    }
    let item: unknown;
    try {
      walk.path[depth] = `${i}`;
      item = readOwn(value, i, walk, depth);
    } catch (error) {
      item = unreadable(error);
    }
    out[i] = item === undefined ? '[undefined]' : item;
  }
  if (count > kept) out[kept] = `[${count - kept} more]`;
  return out;
}

/** Reads an own property without running getters; `walk.path[depth]` must already name it. */
function readOwn(target: object, key: string | number, walk: Walk, depth: number): unknown {
  // as in convertPlainObject
  let own: unknown = READS_BY_LOOKUP && hasOwn(target, key) && getterIn(target, key) === undefined ? (target as Record<string | number, unknown>)[key] : NOT_DATA;
  if (own === NOT_DATA || own === undefined) own = ownValue(target, key);
  return own === NOT_DATA ? fromDescriptor(ownDescriptor(target, key), walk, depth) : convert(own, walk, depth + 1);
}

function fromDescriptor(descriptor: PropertyDescriptor | undefined, walk: Walk, depth: number): unknown {
  if (descriptor === undefined) return undefined;
  if (descriptor.get !== undefined) return descriptor.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  if (descriptor.set !== undefined) return '[Setter]';
  return convert(descriptor.value, walk, depth + 1);
}

/** A `__proto__` key must become an own property rather than set the prototype. */
export function setEntry(out: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') {
    defineOwn(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  } else {
    out[key] = item;
  }
}

function convertDate(value: object, walk: Walk, depth: number): unknown {
  const time = callBrandChecked(dateGetTime, value);
  if (time === NOT_BRAND) return convertPlainObject(value, walk, depth);
  if (time !== time) return '[Invalid Date]';
  return apply(dateToISOString, value, NO_ARGS);
}

/** A valid Date's time value (a Date of any realm); null for anything else, an invalid Date included. */
export function dateTime(value: object): number | null {
  const time = callBrandChecked(dateGetTime, value);
  return typeof time === 'number' && time === time ? time : null;
}

function convertRegExp(value: object, walk: Walk, depth: number): unknown {
  const source = callBrandChecked(regExpSource, value);
  if (source === NOT_BRAND) return convertPlainObject(value, walk, depth);
  return safeString(`[RegExp /${source as string}/${apply(regExpFlags, value, NO_ARGS) as string}]`, walk);
}

const ERROR_FIELDS: readonly string[] = ['name', 'message', 'stack'];

function convertError(value: object, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < ERROR_FIELDS.length; i++) {
    const field = ERROR_FIELDS[i] as string;
    walk.path[depth] = field;
    const item = convert(readInherited(value, field), walk, depth + 1);
    if (item !== undefined) out[field] = item;
  }
  return out;
}

function convertMap(value: object, walk: Walk, depth: number): unknown {
  const size = callBrandChecked(mapSize, value);
  if (size === NOT_BRAND) return convertPlainObject(value, walk, depth);
  const iterator = apply(mapEntries, value, NO_ARGS) as object;
  const entries = convertEntries(iterator, mapIteratorNext, size as number, '[Map]', walk, depth, true);
  return { '[Map]': entries };
}

function convertSet(value: object, walk: Walk, depth: number): unknown {
  const size = callBrandChecked(setSize, value);
  if (size === NOT_BRAND) return convertPlainObject(value, walk, depth);
  const iterator = apply(setValues, value, NO_ARGS) as object;
  return { '[Set]': convertEntries(iterator, setIteratorNext, size as number, '[Set]', walk, depth, false) };
}

/** Map entries become [key, value] pairs; the synthetic wrappers do not count towards depth. */
function convertEntries(
  iterator: object,
  next: Method,
  size: number,
  label: string,
  walk: Walk,
  depth: number,
  pairs: boolean,
): unknown[] {
  const out: unknown[] = [];
  const kept = size < walk.maxKeys ? size : walk.maxKeys;
  for (let i = 0; i < kept; i++) {
    const step = apply(next, iterator, NO_ARGS) as IteratorResult<unknown>;
    if (step.done === true) return out;
    if (walk.used > walk.maxBytes) {
      out[i] = `[Truncated ${size - i} more]`;
      return out;
    }
    if (pairs) {
      // indexing rather than destructuring: the iterator protocol on arrays is page-patchable
      const pair = step.value as [unknown, unknown];
      walk.path[depth] = `${label}.${i}.0`;
      const safeKey = convert(pair[0], walk, depth + 1);
      walk.path[depth] = `${label}.${i}.1`;
      const safeItem = convert(pair[1], walk, depth + 1);
      out[i] = [safeKey ?? '[undefined]', safeItem ?? '[undefined]'];
    } else {
      walk.path[depth] = `${label}.${i}`;
      out[i] = convert(step.value, walk, depth + 1) ?? '[undefined]';
    }
  }
  if (size > kept) out[kept] = `[${size - kept} more]`;
  return out;
}

function describeBuffer(value: object, name: string, byteLength: Method, walk: Walk, depth: number): unknown {
  const bytes = callBrandChecked(byteLength, value);
  return bytes === NOT_BRAND ? convertPlainObject(value, walk, depth) : `[${name} ${bytes as number} bytes]`;
}

/**
 * Windows and DOM nodes, recognised by shape because they may come from another frame (so
 * `instanceof` fails) and real ones expose `nodeType` through a getter on `Node.prototype`.
 * Only a `nodeType` found on the prototype chain counts, so plain data that merely has a
 * `nodeType` key stays data; once it is there, calling the node getters is calling the browser.
 */
function describeHost(value: object, tag: string, walk: Walk): string | null {
  if (isWindowLike(value)) return '[Window]';
  const proto: unknown = getPrototypeOf(value);
  if (proto === null || typeof proto !== 'object') return null;
  const nodeType = readInherited(proto, 'nodeType', value);
  if (typeof nodeType !== 'number') return null;
  if (nodeType === 9) return '[Document]';
  const nodeName = readInherited(value, 'nodeName');
  const fallbackKind = typeof nodeName === 'string' ? nodeName : 'Node';
  const kind = tag !== '[object Object]' ? (apply(stringSlice, tag, [8, -1]) as string) : fallbackKind;
  if (nodeType !== 1 || typeof nodeName !== 'string') return safeString(`[${kind}]`, walk);
  return safeString(`[${kind} ${elementSelector(value, nodeName)}]`, walk);
}

/** A window's `window` is itself; cross-origin windows say so only through this accessor. */
function isWindowLike(value: object): boolean {
  const descriptor = ownDescriptor(value, 'window');
  if (descriptor === undefined) return false;
  if (descriptor.get === undefined) return descriptor.value === value;
  return callBrandChecked(descriptor.get, value) === value;
}

/** `div#main.card.wide`, from the element's own getters. */
function elementSelector(element: object, nodeName: string): string {
  let selector = apply(stringToLowerCase, nodeName, NO_ARGS) as string;
  const id = readInherited(element, 'id');
  if (typeof id === 'string' && id !== '') selector += `#${id}`;
  const className = readInherited(element, 'className');
  // SVG elements have an SVGAnimatedString here; their classes are not worth another getter.
  if (typeof className === 'string') selector += classSelector(className);
  return selector;
}

function classSelector(className: string): string {
  let out = '';
  let inWord = false;
  for (let i = 0; i < className.length; i++) {
    const code = apply(stringCharCodeAt, className, [i]) as number;
    const space = code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
    if (!space && !inWord) out += '.';
    if (!space) out += className[i];
    inWord = !space;
  }
  return out;
}

/**
 * Reads `key` from `target` or its prototypes, calling a getter if that is where it lives
 * (with `receiver` as `this`). Used only where the value is known to be an error or DOM node,
 * whose getters are the engine's (error `stack` is an accessor in Firefox and recent V8).
 */
function readInherited(target: object, key: string, receiver: object = target): unknown {
  let current: unknown = target;
  for (let hop = 0; hop < MAX_PROTOTYPE_HOPS && current !== null && typeof current === 'object'; hop++) {
    const descriptor = ownDescriptor(current, key);
    if (descriptor !== undefined) {
      if (descriptor.get !== undefined) return apply(descriptor.get, receiver, NO_ARGS);
      return descriptor.value;
    }
    current = getPrototypeOf(current);
  }
  return undefined;
}

const NOT_BRAND: unique symbol = Symbol('not brand');

/** Calls a builtin that throws unless `target` has the right internal slots (any realm). */
function callBrandChecked(method: Method, target: object): unknown {
  try {
    return apply(method, target, NO_ARGS);
  } catch {
    return NOT_BRAND;
  }
}

function describeSymbol(value: symbol, walk: Walk): string {
  const description = apply(symbolDescription, value, NO_ARGS);
  return safeString(typeof description === 'string' ? `[Symbol ${description}]` : '[Symbol]', walk);
}

function functionName(fn: unknown): string {
  try {
    const name: unknown = ownDescriptor(fn, 'name')?.value;
    return typeof name === 'string' && name !== '' ? name : 'anonymous';
  } catch {
    return 'anonymous'; // a Proxy around a function whose trap throws
  }
}

function circularPath(walk: Walk, ancestorDepth: number): string {
  let path = '~';
  for (let d = 0; d < ancestorDepth; d++) path += `.${walk.path[d] as string}`;
  return `[Circular ${path}]`;
}

function safeString(value: string, walk: Walk): string {
  const length = value.length;
  if (length > MAX_STRING_CHARS || walk.used + length > walk.maxBytes) {
    walk.used += VALUE_COST;
    return `[Truncated ${formatSize(length)}]`;
  }
  walk.used += length + VALUE_COST;
  return flatText(value);
}

function formatSize(units: number): string {
  if (units < 1024) return `${units} B`;
  if (units < 1024 * 1024) return `${(units / 1024).toFixed(1)} KB`;
  return `${(units / (1024 * 1024)).toFixed(1)} MB`;
}

/** `[Unreadable: …]` from whatever was thrown, without running page code to describe it. */
function unreadable(error: unknown): string {
  let message = 'unknown error';
  try {
    const raw = typeof error === 'object' && error !== null ? ownDescriptor(error, 'message')?.value : error;
    if (typeof raw === 'string' || typeof raw === 'number') message = `${raw}`;
  } catch {
    // a thrown Proxy whose traps throw too: keep the generic message
  }
  if (message.length > MAX_MESSAGE_CHARS) message = `${apply(stringSlice, message, [0, MAX_MESSAGE_CHARS]) as string}…`;
  return `[Unreadable: ${message}]`;
}
