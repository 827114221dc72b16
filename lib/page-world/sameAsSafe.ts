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
import { apply, getPrototypeOf, getterIn, hasOwn, isArray, NOT_DATA, objectKeys, OBJECT_PROTOTYPE, objectToString, ownValue, READS_BY_LOOKUP } from './pristine';

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

/**
 * The last remembered yes: its copy, and the values the page object had for the copy's keys, in
 * their order, as that walk read them; the walk in progress may take `known` as read already, and
 * writes its own into `reading` (our own arrays, filled again by each walk given them).
 */
let rememberedSafe: unknown = null;
let remembered: unknown[] = [];
let spare: unknown[] = [];
let known: unknown[] | null = null;
let reading: unknown[] | null = null;

/**
 * `remember` (the batch's page contexts): after a yes against this same `safe`, an object under
 * the same top-level key that is that very object again is taken as equal without a second walk
 * (analytics-next gives every event's context the one `userAgentData` object). Each batch's
 * copies are its own, so this holds within one flush, where it is sound: our reads run no page
 * code but a Proxy's traps, and a value a trap changed after the first walk read it is what the
 * page held when both events were built, before the flush.
 */
export function sameAsSafe(raw: unknown, safe: unknown, remember = false): boolean {
  units = 0;
  known = remember && safe === rememberedSafe ? remembered : null;
  reading = remember ? spare : null;
  let yes = false;
  try {
    yes = same(raw, safe, 0);
  } catch {
    // a Proxy's trap threw: the copy the caller makes will say so
  }
  if (yes && remember) {
    spare = remembered;
    remembered = reading!;
    rememberedSafe = safe;
  }
  known = reading = null;
  return yes;
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
    // ownValue's reads inline (READS_BY_LOOKUP); where they find no defined own data property, ownValue says
    let item: unknown = READS_BY_LOOKUP && hasOwn(raw, i) && getterIn(raw, i) === undefined ? raw[i] : NOT_DATA;
    if (item === NOT_DATA || item === undefined) item = ownValue(raw, i);
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
  const seen = depth === 0 ? known : null;
  const read = depth === 0 ? reading : null;
  for (let i = 0; i < count; i++) {
    const key = names[i] as string;
    units += key.length;
    // as in sameArray
    let item: unknown = READS_BY_LOOKUP && hasOwn(raw, key) && getterIn(raw, key) === undefined ? (raw as Record<string, unknown>)[key] : NOT_DATA;
    if (item === NOT_DATA || item === undefined) item = ownValue(raw, key);
    if (item === undefined) continue;
    if (item === NOT_DATA || key !== safeNames[matched] || key === '__proto__') return false;
    const at = matched++;
    if (read !== null) read[at] = item;
    // the very value an earlier walk found equal to this key's copy
    if (seen !== null && seen[at] === item) continue;
    if (!same(item, (safe as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return matched === safeNames.length;
}
