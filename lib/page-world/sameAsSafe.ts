/**
 * Whether a page value is, right now, what an earlier safe copy (toSafeValue's output) says it
 * is: then the hook sends a reference to that copy instead of a second one (a built event's
 * `properties` that are still the call's argument, its `context` that is the previous event's).
 *
 * Reads exactly what toSafeValue reads (own data properties, read by ownValue, never a getter) and
 * answers yes only where toSafeValue would have produced an equal copy: plain objects, arrays,
 * short strings, finite numbers, booleans and null, within small bounds. Anything else (a Date, a
 * getter, a hole, an undefined, a long string, a copy that was cut) is a no, and the caller copies.
 */
import { apply, getPrototypeOf, isArray, NOT_DATA, objectKeys, OBJECT_PROTOTYPE, objectToString, ownValue } from './pristine';

const NO_ARGS: readonly never[] = [];

/** Bounds of a walk that answers yes; past them the answer is no, which is never wrong. */
const MAX_DEPTH = 32;
const MAX_KEYS = 1000;
const MAX_STRING_CHARS = 4096;
/** string lengths plus 8 per value, as toSafeValue counts */
const MAX_UNITS = 1 << 16;
const VALUE_COST = 8;

/** units read by the walk in progress (one at a time: the hook is not re-entered while it runs) */
let units = 0;

export function sameAsSafe(raw: unknown, safe: unknown): boolean {
  units = 0;
  try {
    return same(raw, safe, 0);
  } catch {
    // a Proxy's trap threw: the copy the caller makes will say so
    return false;
  }
}

function same(raw: unknown, safe: unknown, depth: number): boolean {
  units += VALUE_COST;
  if (units > MAX_UNITS) return false;
  switch (typeof raw) {
    case 'string':
      units += raw.length;
      return raw === safe && raw.length <= MAX_STRING_CHARS;
    case 'number':
      // -0 is copied as 0, which === also takes as equal
      return raw === safe && raw - raw === 0;
    case 'boolean':
      return raw === safe;
    case 'object':
      if (raw === null) return safe === null;
      if (safe === null || typeof safe !== 'object' || depth >= MAX_DEPTH) return false;
      return isArray(raw) ? sameArray(raw as unknown[], safe, depth) : samePlainObject(raw, safe, depth);
    default:
      return false;
  }
}

function sameArray(raw: unknown[], safe: object, depth: number): boolean {
  if (!isArray(safe)) return false;
  const length = raw.length;
  if (typeof length !== 'number' || length !== (safe as unknown[]).length || length > MAX_KEYS) return false;
  for (let i = 0; i < length; i++) {
    const item = ownValue(raw, i);
    if (item === NOT_DATA || item === undefined) return false;
    if (!same(item, (safe as unknown[])[i], depth + 1)) return false;
  }
  return true;
}

function samePlainObject(raw: object, safe: object, depth: number): boolean {
  // the same test toSafeValue makes before copying an object as plain data
  if (isArray(safe) || getPrototypeOf(raw) !== OBJECT_PROTOTYPE || apply(objectToString, raw, NO_ARGS) !== '[object Object]') return false;
  const names = objectKeys(raw);
  const safeNames = objectKeys(safe);
  const count = names.length;
  if (count < safeNames.length || count > MAX_KEYS) return false;
  // toSafeValue leaves out a key whose value is undefined, as JSON does (Firefox's analytics-next
  // events all have `context.userAgentData: undefined`): the copy's keys are the others, in order
  let matched = 0;
  for (let i = 0; i < count; i++) {
    const key = names[i] as string;
    units += key.length;
    const item = ownValue(raw, key);
    if (item === undefined) continue;
    if (item === NOT_DATA || key !== safeNames[matched] || key === '__proto__') return false;
    matched++;
    if (!same(item, (safe as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return matched === safeNames.length;
}
