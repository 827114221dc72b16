/**
 * Collects what the page-world hooks observe and sends it to the isolated content script in
 * batches. Recording is the only work done inside the page's call: serialising and posting
 * happen later, in a timer task FLUSH_DELAY_MS after the first record (and in as many more as a
 * large backlog needs), so that many calls travel as one message.
 */
import type { PageEnvelope, PageRecord } from '../shared/captureEnvelope';
import { COMPACT_BUILT_DIFF, COMPACT_CALL, ENVELOPE_TAG, MAX_ENVELOPE_CHARS, MAX_ENVELOPE_RECORDS, PAGE_EVENT_NAME } from '../shared/pageChannel';
import { toSafeValue, toSafeValueSized } from './safeValue';
import type { Snapshot } from './snapshot';
import { builtRecord, KeptCalls, NO_CONTEXTS, withContexts } from './builtDiff';
import { apply, getPrototypeOf, isArray, OBJECT_PROTOTYPE, ownDescriptor, readerOf, sliceOf, sliceText, toJsonText, PristineMap } from './pristine';

/**
 * A record as observed. Call and PF-event arguments are snapshot when the call is made, because
 * libraries mutate the objects a page passes them (analytics-next adds to `options.context`), and
 * made safe at flush; built events are copied at flush, after the library's plugins enriched them.
 */
export type PendingRecord =
  | { kind: 'call'; cid: number; at: number; method: string; args: Snapshot<unknown[]>; via: 'stub' | 'instance' | 'classic'; globalName: string | null }
  | { kind: 'built'; cid: number; event: unknown }
  | { kind: 'replay'; cid: number }
  | { kind: 'network-result'; rid: number; at: number; status: 'delivered' | 'failed' | 'blocked' | 'unknown'; httpStatus: number | null; error: string | null }
  | { kind: 'library-delivery'; cid: number; at: number; error: unknown }
  | { kind: 'pf-user'; at: number; via: string; user: Snapshot<unknown> }
  | { kind: 'pf-event'; cid: number; at: number; module: string; event: string; args: Snapshot<unknown[]> }
  | Extract<PageRecord, { kind: 'network-body' | 'segment' | 'segment-load' | 'pf' | 'identity' }>;

export interface PageRecorder {
  record(rec: PendingRecord): void;
  nextId(): number;
  now(): number;
  /** Runs after each flush's records are serialised, to add derived records (e.g. stored identity). */
  onFlush(fn: (records: PageRecord[]) => PageRecord[]): void;
  flush(): void;
  /**
   * The page is being hidden or unloaded, or shown again. While it is not present, each record is
   * sent at once: what the page's own pagehide / visibilitychange handlers do must not wait for a
   * timer that may never fire.
   */
  setPresence(presence: 'present' | 'hidden' | 'unloading'): void;
  /** pagehide was seen and no pageshow since */
  isUnloading(): boolean;
}

interface Pristine {
  setTimeout: (fn: () => void, ms: number) => unknown;
  dispatch: (event: Event) => boolean;
  makeEvent: (detail: string) => Event;
  now: () => number;
  /** a monotonic clock for the flush task's budget */
  clock: () => number;
  random: () => number;
  /** the document's title, read with the accessor it had at document_start */
  title: () => string;
}

/** Records per envelope, so one envelope's JSON, message and background work stay small. */
const RECORDS_PER_ENVELOPE = 400;
/**
 * How long one flush task may keep sending envelopes while more records wait. A page that keeps
 * its thread busy gives our timer about one turn between its long tasks: at one envelope per turn,
 * 100,000 analytics-next tracks left 60% of their envelopes for after the page's calls were done
 * (docs/benchmarks.md, figure 7), and the background then got them all at once. Within a frame,
 * so a burst still never becomes one long task.
 */
const FLUSH_TASK_BUDGET_MS = 12;
/**
 * How long records wait for others before a flush. Libraries spread a page's calls over many
 * tasks (analytics-next replays buffered calls one task each), and every flush pays fixed costs
 * on the page's thread (a dispatch into the relay, a runtime message, a stored-identity check):
 * one flush per 50 ms rather than per task. Short enough for the panel to look live; what the
 * page does while hidden or unloading is still sent at once.
 */
const FLUSH_DELAY_MS = 50;

const jsonStringify = JSON.stringify;
const ARRAY_PROTOTYPE = Array.prototype;

/** Read by descriptor, not `in`: the page may put a Proxy behind Array.prototype, whose traps `in` would run. */
function prototypesHaveToJson(): boolean {
  return getPrototypeOf(ARRAY_PROTOTYPE) !== OBJECT_PROTOTYPE || ownDescriptor(ARRAY_PROTOTYPE, 'toJSON') !== undefined || ownDescriptor(OBJECT_PROTOTYPE, 'toJSON') !== undefined;
}

/**
 * The envelope's JSON text. Everything in it is our own data (toSafeValue's output and the
 * records we build: plain objects and arrays, no cycles, no accessors, no callable values), so
 * the native JSON.stringify captured at load reads only our own data properties, unless the page
 * gave Object.prototype or Array.prototype a `toJSON` (Prototype.js does) or Array.prototype
 * another prototype: then the hand-written toJsonText, which never looks one up. The native one is
 * many times faster in cold code, and escapes lone surrogates (ES2019): the text is well-formed.
 */
export function envelopeJson(value: unknown): string {
  return prototypesHaveToJson() ? toJsonText(value) : (apply(jsonStringify, JSON, [value]) as string);
}

function capturePristine(win: Window & typeof globalThis): Pristine {
  const setTimeoutFn = win.setTimeout.bind(win);
  const dispatchEvent = win.dispatchEvent.bind(win);
  const CustomEventCtor = win.CustomEvent;
  const dateNow = win.Date.now;
  const performanceNow = win.performance.now.bind(win.performance);
  const random = win.Math.random;
  const title = readerOf(win.Document?.prototype, 'title');
  return {
    setTimeout: (fn, ms) => setTimeoutFn(fn, ms),
    dispatch: (event) => dispatchEvent(event),
    makeEvent: (detail) => new CustomEventCtor(PAGE_EVENT_NAME, { detail }),
    now: dateNow,
    clock: () => performanceNow(),
    random: () => random(),
    title: () => {
      const text = title(win.document);
      return typeof text === 'string' ? text : '';
    },
  };
}

function errorText(error: unknown): string | null {
  if (error == null) return null;
  const safe = toSafeValue(error);
  const message = safe && typeof safe === 'object' ? (safe as { message?: unknown }).message : undefined;
  const text = typeof safe === 'string' ? safe : typeof message === 'string' ? message : envelopeJson(safe);
  return text.length > 4096 ? sliceText(text, 0, 4096) : text;
}

/**
 * Calls and built differences as the arrays they are posted as (captureEnvelope.ts, `CompactCall`);
 * other records as they are. A call's `via` and `globalName` are left out at the schema's defaults.
 */
function compacted(records: PageRecord[]): PageEnvelope['records'] {
  const out: PageEnvelope['records'] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    let posted: unknown[] | PageRecord = r;
    if (r.kind === 'call') {
      posted = [COMPACT_CALL, r.cid, r.at, r.method, r.args];
      const via = r.via === 'instance' ? null : (r.via ?? null);
      if (r.globalName != null) {
        posted[5] = via;
        posted[6] = r.globalName;
      } else if (via !== null) posted[5] = via;
    } else if (r.kind === 'built-diff' && r.context !== undefined) {
      posted = [COMPACT_BUILT_DIFF, r.cid, r.built, r.context, r.fromCall ?? null];
      if (r.time !== undefined) posted[5] = r.time;
    }
    out[i] = posted as PageEnvelope['records'][number];
  }
  return out;
}

/** Segment requests seen in this page instance and not settled yet, by request id. */
export type OpenRequests = Map<number, { url: string; transport: 'fetch' | 'xhr' | 'beacon' }>;

function serialiseRecords(pending: PendingRecord[], open: OpenRequests, kept: KeptCalls): { records: PageRecord[]; contexts: unknown[] } {
  const out: PageRecord[] = [];
  const contexts: unknown[] = [];
  for (let i = 0; i < pending.length; i++) {
    const rec = pending[i]!;
    switch (rec.kind) {
      case 'call': {
        const { value, used } = madeSafe(rec.args);
        const args = asList(value);
        kept.keep(rec.cid, args, used);
        out[out.length] = { kind: 'call', cid: rec.cid, at: rec.at, method: rec.method, args, via: rec.via, globalName: rec.globalName };
        break;
      }
      case 'built':
        out[out.length] = builtRecord(rec.cid, rec.event, kept.take(rec.cid), contexts);
        break;
      case 'network-body':
        // read in the background (captureEnvelope.ts), off the page's thread
        open.set(rec.rid, { url: rec.url, transport: rec.transport });
        out[out.length] = rec;
        break;
      case 'network-result': {
        // A result whose body was not posted is not ours to report.
        const request = open.get(rec.rid);
        if (!request) break;
        open.delete(rec.rid);
        out[out.length] = { kind: 'network', rid: rec.rid, at: rec.at, ...request, status: rec.status, httpStatus: rec.httpStatus, error: rec.error, events: [] };
        break;
      }
      case 'library-delivery':
        out[out.length] = { kind: 'library-delivery', cid: rec.cid, at: rec.at, status: 'failed', error: errorText(rec.error) };
        break;
      case 'pf-user':
        out[out.length] = { kind: 'pf-user', at: rec.at, via: rec.via, user: madeSafe(rec.user).value };
        break;
      case 'pf-event':
        out[out.length] = { ...rec, args: asList(madeSafe(rec.args).value) };
        break;
      default:
        out[out.length] = rec;
    }
  }
  return { records: out, contexts };
}

/**
 * A library's own listener can send before ours records what it built (classic analytics.js: the
 * Segment.io integration's `invoke` listener runs first): within one flush, requests follow the
 * calls and built events, so the background joins them by messageId instead of inventing a
 * network-only event. Order within each group is kept.
 */
function callsBeforeRequests(records: PageRecord[]): PageRecord[] {
  const requests: PageRecord[] = [];
  const out: PageRecord[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind === 'network' || r.kind === 'network-body') requests[requests.length] = r;
    else out[out.length] = r;
  }
  for (let i = 0; i < requests.length; i++) out[out.length] = requests[i]!;
  return out;
}

/** A snapshot as it is sent: taken as it is when it says it is safe already, else made safe now. */
function madeSafe(taken: Snapshot<unknown>): { value: unknown; used: number } {
  return taken.used >= 0 ? taken : toSafeValueSized(taken.value);
}

/** Arguments made safe, as a list even where toSafeValue gave something else for them. */
function asList(value: unknown): unknown[] {
  return isArray(value) ? value : [value];
}

export function createPageRecorder(win: Window & typeof globalThis, isTop: boolean): PageRecorder {
  const p = capturePristine(win);
  const instance = `${p.now().toString(36)}-${Math.floor(p.random() * 1e12).toString(36)}`;
  let pending: PendingRecord[] = [];
  let scheduled = false;
  let batch = 0;
  let ids = 0;
  const open: OpenRequests = new PristineMap();
  const kept = new KeptCalls();
  const unsentBuilt = new PristineMap<number, Extract<PendingRecord, { kind: 'built' }>>();
  const flushHooks: ((records: PageRecord[]) => PageRecord[])[] = [];

  /** Envelopes are cut by size too: one over MAX_ENVELOPE_CHARS would be refused by the relay. */
  function postEnvelope(records: PageRecord[], contexts: unknown[]): void {
    const envelope: PageEnvelope = {
      tag: ENVELOPE_TAG,
      instance,
      batch,
      url: String(win.location.href),
      title: p.title(),
      top: isTop,
      records: compacted(records),
    };
    if (contexts.length > 0) envelope.contexts = contexts;
    const text = envelopeJson(envelope);
    if (text.length > MAX_ENVELOPE_CHARS && records.length > 1) {
      // each half must stand alone: their built events take their contexts in
      const full = withContexts(records, contexts);
      const half = (full.length + 1) >> 1;
      postEnvelope(sliceOf(full, 0, half), NO_CONTEXTS);
      postEnvelope(sliceOf(full, half), NO_CONTEXTS);
      return;
    }
    batch++;
    p.dispatch(p.makeEvent(text));
  }

  function post(records: PageRecord[], contexts: unknown[]): void {
    if (records.length <= MAX_ENVELOPE_RECORDS) return postEnvelope(records, contexts);
    const full = withContexts(records, contexts);
    for (let start = 0; start < full.length; start += MAX_ENVELOPE_RECORDS) postEnvelope(sliceOf(full, start, start + MAX_ENVELOPE_RECORDS), NO_CONTEXTS);
  }

  function flushSome(limit: number): void {
    const taken = pending.length <= limit ? pending : sliceOf(pending, 0, limit);
    pending = pending.length <= limit ? [] : sliceOf(pending, limit);
    for (let i = 0; i < taken.length; i++) {
      const rec = taken[i]!;
      if (rec.kind === 'built') unsentBuilt.delete(rec.cid);
    }
    try {
      const serialised = serialiseRecords(taken, open, kept);
      let records = callsBeforeRequests(serialised.records);
      for (let i = 0; i < flushHooks.length; i++) records = flushHooks[i]!(records);
      if (records.length > 0) post(records, serialised.contexts);
    } catch {
      // The hook must never throw into the page: a batch that cannot be sent is dropped.
    }
  }

  /** One timer task sends envelopes for up to its budget; the rest follows in the next. */
  function flushTask(): void {
    scheduled = false;
    const started = p.clock();
    do flushSome(RECORDS_PER_ENVELOPE);
    while (pending.length > 0 && p.clock() - started < FLUSH_TASK_BUDGET_MS);
    if (pending.length > 0) schedule(0);
  }

  function schedule(delay: number): void {
    if (scheduled) return;
    scheduled = true;
    p.setTimeout(flushTask, delay);
  }

  function flushAll(): void {
    while (pending.length > 0) flushSome(RECORDS_PER_ENVELOPE);
  }

  let presence: 'present' | 'hidden' | 'unloading' = 'present';

  return {
    setPresence(next) {
      // visibilitychange follows pagehide while unloading: it must not undo it
      if (presence === 'unloading' && next === 'hidden') return;
      presence = next;
      if (next !== 'present') flushAll();
    },
    isUnloading: () => presence === 'unloading',
    record(rec) {
      if (rec.kind === 'built') {
        // The library reports an event again as its plugins enrich it: while the earlier report is
        // still waiting, the newer one replaces it, so each event is copied once.
        const waiting = unsentBuilt.get(rec.cid);
        if (waiting) {
          waiting.event = rec.event;
          return;
        }
        unsentBuilt.set(rec.cid, rec);
      }
      pending[pending.length] = rec;
      if (presence !== 'present') flushAll();
      else if (!scheduled) schedule(FLUSH_DELAY_MS);
    },
    nextId: () => ++ids,
    now: p.now,
    onFlush(fn) {
      flushHooks[flushHooks.length] = fn;
    },
    flush: flushAll,
  };
}
