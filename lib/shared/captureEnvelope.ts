/**
 * What the page-world hook sends: a capture envelope of records, carried as JSON text over the
 * page channel (pageChannel.ts) and the relay, parsed and validated only in the background.
 * Types are inferred from these schemas; the hook imports the types only (erased at build), so
 * no schema code reaches the page. Documented in docs/protocol.md.
 */
import * as v from 'valibot';
import { boundValue, cutText, defineData as define } from './boundValue';
import { COMPACT_BUILT_DIFF, COMPACT_CALL, ENVELOPE_TAG, looksLikeEnvelope, MAX_ENVELOPE_CHARS, MAX_ENVELOPE_RECORDS } from './pageChannel';
import { pageSaid } from './pageSays';
import { parseSegmentBody } from './segment/segmentPayload';
import {
  CALL_PATHS,
  DELIVERY_STATUSES,
  NETWORK_TRANSPORTS,
  PF_SNIPPETS,
  SEGMENT_LIBRARIES,
  STORED_IDENTITY_SOURCES,
  type CallPath,
} from './vocabulary';

const MAX_SHORT_CHARS = 4096;
const MAX_LONG_CHARS = 1 << 20;
/** room left for the `…[Truncated 3.2 MB]` marker when a string is cut to its limit */
const MARKER_ROOM = 64;
/** Times must be inside the Date range: a record outside it is refused alone. */
const MAX_DATE_MS = 8.64e15;
const Num = v.pipe(v.number(), v.finite());
const At = v.pipe(v.number(), v.minValue(-MAX_DATE_MS), v.maxValue(MAX_DATE_MS));
const Str = v.pipe(v.string(), v.maxLength(MAX_SHORT_CHARS));
const LongStr = v.pipe(v.string(), v.maxLength(MAX_LONG_CHARS));

const CallRecordSchema = v.object({
  kind: v.literal('call'),
  /** call id, unique within one page instance */
  cid: Num,
  at: At,
  // The hook leaves out source, via and globalName when they are these defaults: most calls carry none of them.
  source: v.optional(v.picklist(['segment']), 'segment'),
  method: Str,
  args: v.array(v.unknown()),
  via: v.optional(v.picklist(CALL_PATHS), 'instance'),
  /** the global the call was made on; null for instances only reachable through the inspector hook */
  globalName: v.optional(v.nullable(Str), null),
});

/** `[key, i]`: the built event's `key` is the call's argument `i`, unchanged. */
const FromCallSchema = v.pipe(v.array(v.tuple([Str, v.pipe(v.number(), v.integer(), v.minValue(0))])), v.maxLength(8));

const BuiltRecordSchema = v.object({
  kind: v.literal('built'),
  cid: Num,
  built: v.unknown(),
  messageId: v.nullable(Str),
  /**
   * keys of `built` (null there) that are the call's arguments: the call was posted before, maybe
   * in an earlier envelope, so the session writes them out (`builtWithCallArgs`)
   */
  fromCall: v.optional(FromCallSchema),
});

/** ECMAScript's range of time values: a Date holds no other. */
const MAX_TIME_VALUE = 8.64e15;

/**
 * Posted by the hook only: a built event whose `context` (null in `built`) is the envelope's
 * `contexts[context]`, the page context every event of a page repeats, and whose `timestamp` (null
 * there too) is a Date of time value `time`, each when given. Read into its `built` record
 * (`resolveBuiltDiff`) before anything else sees it, with the `messageId` the event has;
 * `fromCall` is passed on.
 */
const BuiltDiffRecordSchema = v.object({
  kind: v.literal('built-diff'),
  cid: Num,
  // not v.record, which would leave out a `__proto__` key the page's event had
  built: v.custom<Record<string, unknown>>((value) => value !== null && typeof value === 'object' && !Array.isArray(value), 'a built event with a context is an object'),
  context: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  fromCall: v.optional(FromCallSchema),
  /** the time value of the event's `timestamp` Date (null in `built`), written out as its ISO text */
  time: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-MAX_TIME_VALUE), v.maxValue(MAX_TIME_VALUE))),
});

/** The library replayed a call queued on the snippet stub: the call was recorded once, at push time. */
const ReplayRecordSchema = v.object({
  kind: v.literal('replay'),
  cid: Num,
});

const NetworkRecordSchema = v.object({
  kind: v.literal('network'),
  /** request id within the page instance: the same request reports once sent and once settled */
  rid: Num,
  at: At,
  url: LongStr,
  transport: v.picklist(NETWORK_TRANSPORTS),
  status: v.picklist(DELIVERY_STATUSES),
  httpStatus: v.nullable(Num),
  error: v.nullable(Str),
  events: v.array(v.object({ messageId: Str, type: Str, payload: v.unknown() })),
});

/**
 * A request body the hook saw go out, as the page sent it: read here, off the page's thread, into
 * the `network` record it stands for; a body that is not Segment's is dropped, as is the settled
 * report of its request (the session joins those by `rid` only to requests it knows).
 */
const NetworkBodyRecordSchema = v.object({
  kind: v.literal('network-body'),
  rid: Num,
  at: At,
  url: LongStr,
  transport: v.picklist(NETWORK_TRANSPORTS),
  body: v.pipe(v.string(), v.maxLength(MAX_LONG_CHARS)),
});

const LibraryDeliveryRecordSchema = v.object({
  kind: v.literal('library-delivery'),
  cid: Num,
  at: At,
  status: v.picklist(['failed']),
  error: v.nullable(Str),
});

const SegmentInfoRecordSchema = v.object({
  kind: v.literal('segment'),
  library: v.picklist(SEGMENT_LIBRARIES),
  version: v.nullable(Str),
  writeKey: v.nullable(Str),
  globalName: v.nullable(Str),
  onWindow: v.boolean(),
  /** the one instance this report is about, when it is about one: `id` is unique within the page instance */
  instance: v.optional(v.object({
    id: Num,
    library: v.picklist(SEGMENT_LIBRARIES),
    version: v.nullable(Str),
    writeKey: v.nullable(Str),
    globalName: v.nullable(Str),
    onWindow: v.boolean(),
  })),
});

/**
 * The Segment library could not load: its script failed (CSP, ad-blocker, CDN) or its settings
 * request did; or the hook lost analytics-next's inspector hook (from then on, network only).
 */
const SegmentLoadRecordSchema = v.object({
  kind: v.literal('segment-load'),
  at: Num,
  /** 'inspector': `__SEGMENT_INSPECTOR__` was taken over and could not be hooked again */
  what: v.picklist(['script', 'settings', 'inspector']),
  url: LongStr,
  error: v.nullable(Str),
});

const IdentityRecordSchema = v.object({
  kind: v.literal('identity'),
  userId: v.nullable(Str),
  anonymousId: v.nullable(Str),
  groupId: v.nullable(Str),
  traits: v.unknown(),
  source: v.picklist(STORED_IDENTITY_SOURCES),
});

const PfInfoRecordSchema = v.object({
  kind: v.literal('pf'),
  snippet: v.nullable(v.picklist(PF_SNIPPETS)),
  workspaceCode: v.nullable(Str),
  language: v.nullable(Str),
  ready: v.boolean(),
});

const PfUserRecordSchema = v.object({
  kind: v.literal('pf-user'),
  at: At,
  via: Str,
  user: v.unknown(),
});

const PfEventRecordSchema = v.object({
  kind: v.literal('pf-event'),
  cid: Num,
  at: At,
  /** the PF module whose listener fired (tours, checklists, ...) or "analytics" for forwardEvent */
  module: Str,
  event: Str,
  args: v.array(v.unknown()),
});

export const CaptureRecordSchema = v.variant('kind', [
  CallRecordSchema,
  BuiltRecordSchema,
  ReplayRecordSchema,
  NetworkRecordSchema,
  LibraryDeliveryRecordSchema,
  SegmentInfoRecordSchema,
  SegmentLoadRecordSchema,
  IdentityRecordSchema,
  PfInfoRecordSchema,
  PfUserRecordSchema,
  PfEventRecordSchema,
]);

const EnvelopeShellSchema = v.object({
  tag: v.literal(ENVELOPE_TAG),
  /** random id of this page instance (one document in one frame); page-controlled, so it only names joins within the sender's document */
  instance: v.pipe(v.string(), v.maxLength(64)),
  /** batch number within the instance, from 0; page-controlled: re-sends are told apart by the relay's own sequence numbers */
  batch: Num,
  url: LongStr,
  title: LongStr,
  top: v.boolean(),
  /** page contexts the envelope's `built-diff` records refer to by index */
  contexts: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(MAX_ENVELOPE_RECORDS))),
  records: v.array(v.unknown()),
});

export const CaptureEnvelopeSchema = v.object({ ...EnvelopeShellSchema.entries, records: v.array(CaptureRecordSchema) });

export type CaptureRecord = v.InferOutput<typeof CaptureRecordSchema>;
export type NetworkBodyRecord = v.InferOutput<typeof NetworkBodyRecordSchema>;
export type BuiltDiffRecord = v.InferOutput<typeof BuiltDiffRecordSchema>;
/**
 * What the hook posts: the records as stored (their defaults left out), request bodies still to be
 * read, and built events as differences.
 */
export type PageRecord = v.InferInput<typeof CaptureRecordSchema> | NetworkBodyRecord | BuiltDiffRecord;
/**
 * A call record as posted: `[COMPACT_CALL, cid, at, method, args, via, globalName]`. `globalName`
 * is left out when null and `via` when it is `instance` and last; a `via` kept before a
 * `globalName` is null when it is `instance`.
 */
export type CompactCall = [typeof COMPACT_CALL, number, number, string, unknown[], CallPath | null, string] | [typeof COMPACT_CALL, number, number, string, unknown[], CallPath] | [typeof COMPACT_CALL, number, number, string, unknown[]];
/**
 * A built difference as posted: `[COMPACT_BUILT_DIFF, cid, built, context, fromCall, time]`, `fromCall`
 * null when there is none, `time` left out when there is none (`fromCompact` also reads the array
 * without `fromCall`, as earlier builds posted it).
 */
export type CompactBuiltDiff = [typeof COMPACT_BUILT_DIFF, number, Record<string, unknown>, number, [string, number][] | null, number?];
export type PageEnvelope = Omit<CaptureEnvelope, 'records' | 'contexts'> & { records: (PageRecord | CompactCall | CompactBuiltDiff)[]; contexts?: unknown[] };
export type CallRecord = v.InferOutput<typeof CallRecordSchema>;
export type NetworkRecord = v.InferOutput<typeof NetworkRecordSchema>;
export type CaptureEnvelope = v.InferOutput<typeof CaptureEnvelopeSchema>;

export interface ReadEnvelope {
  envelope: CaptureEnvelope | null;
  /** records (or the whole envelope, as 1) refused: invalid even after cutting */
  rejected: number;
  /** which check refused what, for the first few refused (`kind: path: message`) */
  refusals: string[];
}

const MAX_REFUSALS_TOLD = 5;

/** `call: args.0: Invalid type` from valibot's first issue, for the log and tests. */
function refusalText(what: unknown, issues: readonly v.BaseIssue<unknown>[]): string {
  const kind = (what as { kind?: unknown } | null)?.kind;
  const issue = issues[0];
  const path = issue?.path?.map((item) => String(item.key)).join('.') ?? '';
  return `${typeof kind === 'string' ? kind.slice(0, 32) : 'envelope'}: ${path || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

/**
 * The page's JSON.stringify escapes a lone surrogate (`\ud800`): the hook keeps strings as they
 * are (lib/page-world/safeValue.ts), so here, off the page's thread, each becomes U+FFFD, escaped
 * or raw (a page can post any text). An escaped backslash is matched first, so `\\ud800` (a
 * backslash, then the letters) stays as it is.
 */
const SURROGATE_ESCAPES = /\\\\|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/g;
const LONE_ESCAPE = 6;

export function wellFormedJson(text: string): string {
  const raw = text.isWellFormed() ? text : text.toWellFormed();
  if (!/\\u[dD][89a-fA-F]/.test(raw)) return raw;
  return raw.replace(SURROGATE_ESCAPES, (match) => (match.length === LONE_ESCAPE ? '\\ufffd' : match));
}

/** Cuts the string fields of a record (and of its network events) to their schema's limit, with a marker. */
function cutStrings(record: unknown): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const max = key === 'url' ? MAX_LONG_CHARS : MAX_SHORT_CHARS;
    if (typeof value === 'string' && value.length > max) define(out, key, cutText(value, max - MARKER_ROOM));
    else if (key === 'events' && Array.isArray(value)) define(out, key, value.map(cutStrings));
    else define(out, key, value);
  }
  return out;
}

/**
 * Reads one envelope's JSON text. The shell (tag, instance, url, title) must hold; then each
 * record is checked alone: page values are cut to the hook's own depth and string limits, ids
 * and names over their limit are cut with a marker, and a record still invalid is refused and
 * counted, never its whole envelope.
 */
export function readEnvelope(json: unknown): ReadEnvelope {
  if (!looksLikeEnvelope(json)) return { envelope: null, rejected: 1, refusals: ['envelope: (root): not an envelope\'s text'] };
  let value: unknown;
  try {
    value = JSON.parse(wellFormedJson(json));
  } catch {
    return { envelope: null, rejected: 1, refusals: ['envelope: (root): not JSON'] };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const raw = value as Record<string, unknown>;
    for (const key of ['url', 'title'] as const) if (typeof raw[key] === 'string' && (raw[key] as string).length > MAX_LONG_CHARS) raw[key] = cutText(raw[key] as string, MAX_LONG_CHARS - MARKER_ROOM);
  }
  const shell = v.safeParse(EnvelopeShellSchema, value);
  if (!shell.success) {
    const records = (value as { records?: unknown } | null)?.records;
    return { envelope: null, rejected: Array.isArray(records) ? Math.max(1, records.length) : 1, refusals: [refusalText(null, shell.issues)] };
  }
  const records: CaptureRecord[] = [];
  const refusals: string[] = [];
  let rejected = 0;
  const refuse = (text: string) => {
    rejected++;
    if (refusals.length < MAX_REFUSALS_TOLD) refusals.push(text);
  };
  const { contexts = [], ...envelope } = shell.output;
  const diffs: Diffs = { contexts, expanded: 0 };
  for (const posted of shell.output.records) {
    const raw = fromPosted(posted, diffs);
    if (raw === null) continue;
    if (typeof raw === 'string') {
      refuse(raw);
      continue;
    }
    const record = v.safeParse(CaptureRecordSchema, boundValue(cutStrings(raw.record)));
    if (record.success) records.push(record.output);
    else refuse(refusalText(raw.record, record.issues));
  }
  return { envelope: { ...envelope, records }, rejected, refusals };
}

/**
 * What one envelope's references may add when written out: no more than the envelope could have
 * carried written out itself, so a page cannot multiply its text by referring to it again and again.
 */
const MAX_EXPANDED_CHARS = MAX_ENVELOPE_CHARS;

/** Characters an envelope's references added so far. */
export interface ExpansionBudget {
  expanded: number;
}

interface Diffs extends ExpansionBudget {
  contexts: readonly unknown[];
}

/** A copy of what a reference points at, charged to the envelope's budget; undefined past it. */
function referenced(value: unknown, budget: ExpansionBudget): unknown {
  const text = JSON.stringify(value) ?? 'null';
  budget.expanded += text.length;
  return budget.expanded > MAX_EXPANDED_CHARS ? undefined : JSON.parse(text);
}

/** A `built-diff` as the `built` record it stands for, or why it is refused. */
function resolveBuiltDiff(posted: unknown, diffs: Diffs): { record: unknown } | string {
  const parsed = v.safeParse(BuiltDiffRecordSchema, posted);
  if (!parsed.success) return refusalText(posted, parsed.issues);
  const { cid, built, context, fromCall, time } = parsed.output;
  const messageId = typeof built.messageId === 'string' ? built.messageId : null;
  const entries: [string, unknown][] = [];
  if (time !== undefined) {
    if (!Object.hasOwn(built, 'timestamp') || built.timestamp !== null) return 'built-diff: time: the event has no timestamp left for it';
    entries.push(['timestamp', new Date(time).toISOString()]);
  }
  if (context !== undefined) {
    if (context >= diffs.contexts.length) return 'built-diff: context: not in this envelope';
    const copy = referenced(diffs.contexts[context], diffs);
    if (copy === undefined) return 'built-diff: context: over the envelope\'s budget for references';
    entries.push(['context', copy]);
  }
  return { record: { kind: 'built', cid, built: entries.length > 0 ? withEntries(built, entries) : built, messageId, ...(fromCall ? { fromCall } : {}) } };
}

/** A copy of `source` with `entries` written in: a key it has keeps its place, a new one comes last. */
function withEntries(source: Record<string, unknown>, entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) define(out, key, source[key]);
  for (const [key, value] of entries) define(out, key, value);
  return out;
}

/**
 * A built event with its `fromCall` keys written out from the call's stored arguments. A key whose
 * argument is missing, or past the envelope's budget for references, says so rather than show a
 * wrong value.
 */
export function builtWithCallArgs(built: unknown, fromCall: readonly (readonly [string, number])[], args: readonly unknown[], budget: ExpansionBudget): unknown {
  if (!built || typeof built !== 'object' || Array.isArray(built)) return built;
  return withEntries(built as Record<string, unknown>, fromCall.map(([key, index]) => {
    const copy = index < args.length ? referenced(args[index], budget) : NOT_AN_ARGUMENT;
    return [key, copy === undefined ? OVER_BUDGET : copy] as const;
  }));
}

const NOT_AN_ARGUMENT = '[not captured: the page said this was an argument of its call, which has no such argument]';
const OVER_BUDGET = '[not captured: over the envelope\'s budget for references]';

/**
 * A call or built difference posted as an array, as the object it stands for, or why it is
 * refused. Fields at their default read back as left out; the schema then checks the object.
 */
export function fromCompact(posted: readonly unknown[]): { record: unknown } | string {
  const tag = posted[0];
  if (tag === COMPACT_CALL && posted.length >= 5 && posted.length <= 7) {
    const [, cid, at, method, args, via, globalName] = posted;
    return { record: { kind: 'call', cid, at, method, args, ...(via != null ? { via } : {}), ...(globalName != null ? { globalName } : {}) } };
  }
  if (tag === COMPACT_BUILT_DIFF && posted.length >= 4 && posted.length <= 6) {
    const [, cid, built, context, fromCall, time] = posted;
    return { record: { kind: 'built-diff', cid, built, context, ...(fromCall != null ? { fromCall } : {}), ...(time !== undefined ? { time } : {}) } };
  }
  return 'compact: (root): no record has this form';
}

/** The hook sends an absolute request URL as the page gave it (docs/protocol.md): written here as the browser resolves it. */
function normalisedUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * A posted record as it is stored: a compact one is read as its object first; a request body
 * becomes its `network` record, or null when it is not Segment's; a built event's difference is
 * written out, or refused (the string says why); a request's URL is normalised, and what the hook
 * reported in a word (lib/shared/pageSays.ts) is written out.
 */
function fromPosted(given: unknown, diffs: Diffs): { record: unknown } | string | null {
  let posted = given;
  if (Array.isArray(posted)) {
    const read = fromCompact(posted);
    if (typeof read === 'string') return read;
    posted = read.record;
  }
  const kind = (posted as { kind?: unknown } | null)?.kind;
  if (kind === 'built-diff') return resolveBuiltDiff(posted, diffs);
  if (kind === 'network' || kind === 'segment-load') {
    const { url, error } = posted as { url?: unknown; error?: unknown };
    return { record: { ...(posted as object), ...(typeof url === 'string' ? { url: normalisedUrl(url) } : {}), ...(typeof error === 'string' ? { error: pageSaid(error) } : {}) } };
  }
  if (kind !== 'network-body') return { record: posted };
  const body = v.safeParse(NetworkBodyRecordSchema, posted);
  if (!body.success) return { record: posted };
  const { rid, at, transport } = body.output;
  const url = normalisedUrl(body.output.url);
  const parsed = parseSegmentBody(url, body.output.body);
  if (!parsed) return null;
  return { record: { kind: 'network', rid, at, url, transport, status: 'pending', httpStatus: null, error: null, events: parsed.events } satisfies NetworkRecord };
}

export function parseEnvelope(json: unknown): CaptureEnvelope | null {
  return readEnvelope(json).envelope;
}
