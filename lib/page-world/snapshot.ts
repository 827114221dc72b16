/**
 * What the page passed, frozen inside its call at the least cost; the full safe copy
 * (toSafeValue: placeholders, budgets, well-formed strings) runs later, at flush, on this
 * snapshot. Libraries and pages change the objects passed after the call (analytics-next adds to
 * `options.context`; a page reuses one properties object), so the structure must be taken now.
 *
 * Arrays and plain objects (prototype Object.prototype or null) are copied, own enumerable data
 * properties only, without running getters: an accessor becomes the same placeholder toSafeValue
 * gives it. Primitives are immutable and kept. Anything else (Date, Map, class instances, DOM
 * nodes, proxies whose traps throw) is converted by toSafeValue at once, the slow path.
 * A reference to an ancestor stays a reference to that ancestor's copy, so toSafeValue at flush
 * names the same `[Circular ~.path]`; toSafeValue(snapshot(x)) equals toSafeValue(x).
 */
import { defineOwn, getPrototypeOf, getterIn, hasOwn, isArray, NOT_DATA, objectKeys, OBJECT_PROTOTYPE, ownDescriptor, ownValue, READS_BY_LOOKUP, sliceOf } from './pristine';
import { toSafeValueCounted } from './safeValue';

/** toSafeValue's own limits: past them the snapshot hands over to it. */
const MAX_DEPTH = 64;
const MAX_KEYS = 1000;
const MAX_BYTES = 1_000_000;
/** toSafeValue's longest string kept as it is, and what it charges each value on top of string and key lengths */
const MAX_STRING_CHARS = 100_000;
const VALUE_COST = 8;

/**
 * Copies of the objects on the current path, by original. Reset per call: a plain array of pairs
 * is cheaper than a Map for the few levels analytics calls have.
 */
const originals: object[] = [];
const copies: object[] = [];
/** size budget left for the parts converted at once (each is taken as it is at flush) */
let budget = MAX_BYTES;
/**
 * Whether the copy is already what toSafeValue would make of it (plain data only: no value it
 * describes or cuts), and the size toSafeValue would count. The flush takes such a copy as it is
 * instead of walking it again.
 */
let clean = true;
let units = 0;

function start(): void {
  originals.length = 0;
  copies.length = 0;
  budget = MAX_BYTES;
  clean = true;
  units = 0;
}

/**
 * A snapshot, and `used`: the size toSafeValue would count for it when it is already what
 * toSafeValue would make of it, else -1 (the flush walks it). Returned rather than kept in a
 * WeakMap beside the copy: a WeakMap entry per call cost more than the rest of the copy.
 */
export interface Snapshot<T> {
  value: T;
  used: number;
}

function finish<T>(copy: T): Snapshot<T> {
  return { value: copy, used: clean && units <= MAX_BYTES && copy !== null && typeof copy === 'object' ? units : -1 };
}

/** Counts a primitive as toSafeValue would, and notes one it would describe or cut. */
function primitive(item: unknown): void {
  units += VALUE_COST;
  switch (typeof item) {
    case 'string':
      units += item.length;
      if (item.length > MAX_STRING_CHARS) clean = false;
      return;
    case 'number':
      if (item - item !== 0) clean = false; // NaN and the infinities become placeholders
      return;
    case 'boolean':
      return;
    default:
      // undefined, functions, symbols, bigints: described, or left out of objects
      if (item !== null) clean = false;
  }
}

export function snapshot(value: unknown): Snapshot<unknown> {
  start();
  if (value === null || typeof value !== 'object') return { value, used: -1 };
  try {
    return finish(copyOf(value, 0));
  } catch {
    return { value: now(value, 0), used: -1 };
  }
}

/**
 * Items 0..length-1 of `list` (a call's `arguments`, or an array the page pushed), snapshot into a
 * new array: one slice, the trailing items the caller leaves out (a page context) never copied.
 * Its objects are replaced by their snapshots.
 */
export function snapshotList(list: ArrayLike<unknown>, length: number): Snapshot<unknown[]> {
  // the native slice gives an array of the exact size (a growing `[]` keeps spare capacity alive until the flush)
  const out = sliceOf(list, 0, length);
  start();
  originals[0] = list;
  copies[0] = out;
  units += VALUE_COST;
  for (let i = 0; i < length; i++) {
    const item = out[i];
    if (item !== null && typeof item === 'object') {
      try {
        out[i] = copyOf(item, 1);
      } catch {
        out[i] = now(item, 1);
      }
    } else if (typeof item === 'string') {
      units += VALUE_COST + item.length;
      if (item.length > MAX_STRING_CHARS) clean = false;
    } else primitive(item);
  }
  return finish(out);
}

/** The slow path: toSafeValue at once, within what is left of the budget. */
function now(value: unknown, depth: number): unknown {
  clean = false;
  const safe = toSafeValueCounted(value, { maxDepth: MAX_DEPTH - depth, maxBytes: budget });
  budget = budget > safe.used ? budget - safe.used : 0;
  return safe.value;
}

/**
 * `value` is an object. One function with the loops, ownValue's reads and the common primitives'
 * counting inline: cold code (the first thousands of calls on a page) pays per call made.
 */
function copyOf(value: object, depth: number): unknown {
  for (let d = 0; d < depth; d++) {
    if (originals[d] === value) {
      clean = false; // toSafeValue names the cycle
      return copies[d];
    }
  }
  if (depth >= MAX_DEPTH) return now(value, depth);
  units += VALUE_COST;
  if (isArray(value)) {
    const list = value as unknown[];
    const length = list.length;
    if (typeof length !== 'number') return now(value, depth);
    const out: unknown[] = [];
    originals[depth] = value;
    copies[depth] = out;
    // entries past toSafeValue's limit are only counted, from the length kept below
    const kept = length < MAX_KEYS ? length : MAX_KEYS;
    if (kept < length) clean = false;
    for (let i = 0; i < kept; i++) {
      // ownValue's reads inline (READS_BY_LOOKUP): an undefined, or anything but an own data property, is itemOf's to read
      let item: unknown = READS_BY_LOOKUP && hasOwn(list, i) && getterIn(list, i) === undefined ? list[i] : NOT_DATA;
      if (item === NOT_DATA || item === undefined) item = itemOf(list, i);
      // a hole stays a hole: toSafeValue shows it as `[undefined]` either way
      if (item === NOT_DATA) {
        clean = false;
        continue;
      }
      if (item !== null && typeof item === 'object') out[i] = copyOf(item, depth + 1);
      else {
        if (typeof item === 'string') {
          units += VALUE_COST + item.length;
          if (item.length > MAX_STRING_CHARS) clean = false;
        } else primitive(item);
        out[i] = item;
      }
    }
    out.length = length;
    return out;
  }
  const proto: unknown = getPrototypeOf(value);
  if (proto !== OBJECT_PROTOTYPE && proto !== null) return now(value, depth);
  const names = objectKeys(value);
  if (names.length > MAX_KEYS) return now(value, depth);
  const out: Record<string, unknown> = {};
  originals[depth] = value;
  copies[depth] = out;
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    // as in the array loop above
    let item: unknown = READS_BY_LOOKUP && hasOwn(value, key) && getterIn(value, key) === undefined ? (value as Record<string, unknown>)[key] : NOT_DATA;
    if (item === NOT_DATA || item === undefined) item = itemOf(value, key);
    if (item === NOT_DATA) {
      clean = false;
      continue;
    }
    if (item !== null && typeof item === 'object') item = copyOf(item, depth + 1);
    // left out, as toSafeValue and JSON leave it out: the copy stays what toSafeValue makes of it
    else if (item === undefined) continue;
    else if (typeof item === 'string') {
      units += VALUE_COST + item.length;
      if (item.length > MAX_STRING_CHARS) clean = false;
    } else if (typeof item === 'number') {
      units += VALUE_COST;
      if (item - item !== 0) clean = false;
    } else primitive(item);
    // counted once kept: the size is the copy's, as toSafeValue would count it
    units += key.length;
    if (key === '__proto__') defineOwn(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

/** An own property as the copy holds it: its value, an accessor's placeholder (a string, as toSafeValue gives it), or NOT_DATA where there is none. */
function itemOf(target: object, key: string | number): unknown {
  const item = ownValue(target, key);
  if (item !== NOT_DATA) return item;
  const descriptor = ownDescriptor(target, key);
  if (descriptor === undefined) return NOT_DATA;
  if (descriptor.get !== undefined) return descriptor.set !== undefined ? '[Getter/Setter]' : '[Getter]';
  return descriptor.set !== undefined ? '[Setter]' : descriptor.value;
}
