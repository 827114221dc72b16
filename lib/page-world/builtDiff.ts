/**
 * A built event as its difference from what the hook sends anyway. Every event of a page repeats
 * the same `context` (page, userAgent, library…), and analytics-next keeps the page's
 * `properties` object as its event's: copying, serialising and posting those again for each event
 * was most of the hook's cost per call. Instead a batch carries each distinct context once
 * (`contexts`, referred to by index), and `properties` or `traits` that are still the call's
 * argument are referred to by that argument's index (the background writes them out from the
 * stored call, captureEnvelope.ts). Only what compares equal to a copy already made is referred to
 * (`sameAsSafe`); anything else is copied as before. A `timestamp` that is a Date goes as its time
 * value, which the background formats as toSafeValue would have (`toISOString` costs the page
 * about a microsecond, a fifth of the rest of a difference).
 */
import type { BuiltDiffRecord, PageRecord } from '../shared/captureEnvelope';
import { dateTime, setEntry, toSafeEntries, toSafeValue } from './safeValue';
import { sameAsSafe } from './sameAsSafe';
import { objectKeys, PristineMap, PristineSet } from './pristine';

/** Built-event keys libraries fill with the call's own argument (analytics-next's track `properties`). */
const FROM_CALL_KEYS: ReadonlySet<string> = new PristineSet(['properties', 'traits']);
/** Contexts one batch refers to; past that, a context that changed is copied into its event. */
const MAX_CONTEXTS = 16;
/** The newest contexts a built event's is compared with: pages change theirs rarely. */
const CONTEXTS_COMPARED = 4;
/** sameAsSafe says no past this size, so larger arguments are not kept for it. */
const MAX_KEPT_UNITS = 1 << 16;
/** Calls whose built event has not come yet, and their size in all: past either, all are let go. */
const MAX_KEPT_CALLS = 4096;
const MAX_KEPT_TOTAL_UNITS = 1 << 22;

export const NO_CONTEXTS: unknown[] = [];

/**
 * The safe arguments of calls whose built event has not been posted yet, to compare that event's
 * `properties` with. Bounded by count and size; a call dropped from here only costs its built
 * event a full copy.
 */
export class KeptCalls {
  private readonly calls: Map<number, { args: unknown[]; used: number }> = new PristineMap();
  private units = 0;

  keep(cid: number, args: unknown[], used: number): void {
    if (used > MAX_KEPT_UNITS) return;
    if (this.calls.size >= MAX_KEPT_CALLS || this.units + used > MAX_KEPT_TOTAL_UNITS) {
      this.calls.clear();
      this.units = 0;
    }
    this.calls.set(cid, { args, used });
    this.units += used;
  }

  /** The call's arguments, given up: each built event is posted once. */
  take(cid: number): unknown[] | undefined {
    const kept = this.calls.get(cid);
    if (kept === undefined) return undefined;
    this.calls.delete(cid);
    this.units -= kept.used;
    return kept.args;
  }
}

function messageIdOf(built: unknown): string | null {
  return built && typeof built === 'object' && typeof (built as { messageId?: unknown }).messageId === 'string'
    ? (built as { messageId: string }).messageId
    : null;
}

/** The index of a context equal to `raw` in the batch's, adding its copy when none is; -1 when the batch holds its most. */
function contextIndex(raw: unknown, contexts: unknown[]): number {
  const oldest = contexts.length > CONTEXTS_COMPARED ? contexts.length - CONTEXTS_COMPARED : 0;
  for (let j = contexts.length - 1; j >= oldest; j--) if (sameAsSafe(raw, contexts[j], true)) return j;
  if (contexts.length >= MAX_CONTEXTS) return -1;
  contexts[contexts.length] = toSafeValue(raw);
  return contexts.length - 1;
}

/**
 * The record for a built event: a `built-diff` when some of it is referred to or its timestamp goes
 * as a time value, else `built`.
 * `args`: the call's safe arguments, when they were kept.
 */
export function builtRecord(cid: number, event: unknown, args: unknown[] | undefined, contexts: unknown[]): PageRecord {
  let context = -1;
  let fromCall: [string, number][] | null = null;
  let time: number | null = null;
  const built = toSafeEntries(event, (key, item) => {
    if (item === null || typeof item !== 'object') return false;
    if (key === 'timestamp') {
      time = dateTime(item);
      return time !== null;
    }
    if (key === 'context') {
      context = contextIndex(item, contexts);
      return context >= 0;
    }
    if (args === undefined || !FROM_CALL_KEYS.has(key)) return false;
    for (let i = 0; i < args.length; i++) {
      if (sameAsSafe(item, args[i])) {
        fromCall = fromCall ?? [];
        fromCall[fromCall.length] = [key, i];
        return true;
      }
    }
    return false;
  });
  if (built === null) {
    const whole = toSafeValue(event);
    return { kind: 'built', cid, built: whole, messageId: messageIdOf(whole) };
  }
  if (context < 0 && time === null) {
    const messageId = messageIdOf(built);
    return fromCall !== null ? { kind: 'built', cid, built, messageId, fromCall } : { kind: 'built', cid, built, messageId };
  }
  // the background reads messageId from the event itself, and writes the timestamp out
  const diff: BuiltDiffRecord = { kind: 'built-diff', cid, built };
  if (context >= 0) diff.context = context;
  if (fromCall !== null) diff.fromCall = fromCall;
  if (time !== null) diff.time = time;
  return diff;
}

/** The records with each `built-diff`'s context written in, for envelopes that do not carry the batch's contexts. */
export function withContexts(records: PageRecord[], contexts: unknown[]): PageRecord[] {
  if (contexts.length === 0) return records;
  const out: PageRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind !== 'built-diff' || r.context === undefined) {
      out[out.length] = r;
      continue;
    }
    const built: Record<string, unknown> = {};
    const names = objectKeys(r.built);
    for (let k = 0; k < names.length; k++) {
      const key = names[k]!;
      setEntry(built, key, key === 'context' ? contexts[r.context] : r.built[key]);
    }
    const { context: _written, ...rest } = r;
    out[out.length] = { ...rest, built };
  }
  return out;
}
