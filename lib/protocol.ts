/**
 * The message protocol, defined once from schemas:
 * - page world → isolated content script: a `CaptureEnvelope` carried as a JSON string in the
 *   `detail` of a CustomEvent named PAGE_EVENT_NAME (strings cross the world boundary in Chrome
 *   and Firefox alike; postMessage would also reach every `message` listener of the page);
 * - content script / extension pages ↔ background: `RuntimeMessage`.
 * Everything that arrives from a page is validated against these schemas; anything else is ignored.
 * Documented in docs/protocol.md.
 */
import * as v from 'valibot';
import {
  CaptureViaSchema,
  DeliveryStatusSchema,
  SessionDocumentSchema,
} from './session/schema';

export const PAGE_EVENT_NAME = '__segment_pf_companion__';
export const ENVELOPE_TAG = 'segment-pf-companion/page@1';
const MAX_ENVELOPE_CHARS = 64 << 20;
/** Every envelope the hook makes starts with its tag: JSON.stringify keeps key order. */
const ENVELOPE_PREFIX = `{"tag":"${ENVELOPE_TAG}"`;

/** The relay's only check, cheap because it runs on the page's main thread. */
export function looksLikeEnvelope(detail: unknown): detail is string {
  return typeof detail === 'string' && detail.length <= MAX_ENVELOPE_CHARS && detail.startsWith(ENVELOPE_PREFIX);
}

const Num = v.pipe(v.number(), v.finite());
const Str = v.pipe(v.string(), v.maxLength(4096));
const LongStr = v.pipe(v.string(), v.maxLength(1 << 20));

export const CallRecordSchema = v.object({
  kind: v.literal('call'),
  /** call id, unique within one page instance */
  cid: Num,
  at: Num,
  source: v.picklist(['segment']),
  method: Str,
  args: v.array(v.unknown()),
  via: CaptureViaSchema,
  /** the global the call was made on; null for instances only reachable through the inspector hook */
  globalName: v.nullable(Str),
});

export const BuiltRecordSchema = v.object({
  kind: v.literal('built'),
  cid: Num,
  built: v.unknown(),
  messageId: v.nullable(Str),
});

/** The library replayed a call queued on the snippet stub: the call was recorded once, at push time. */
export const ReplayRecordSchema = v.object({
  kind: v.literal('replay'),
  cid: Num,
});

export const NetworkRecordSchema = v.object({
  kind: v.literal('network'),
  /** request id within the page instance: the same request reports once sent and once settled */
  rid: Num,
  at: Num,
  url: LongStr,
  transport: v.picklist(['fetch', 'xhr', 'beacon']),
  status: DeliveryStatusSchema,
  httpStatus: v.nullable(Num),
  error: v.nullable(Str),
  events: v.array(v.object({ messageId: Str, type: Str, payload: v.unknown() })),
});

export const LibraryDeliveryRecordSchema = v.object({
  kind: v.literal('library-delivery'),
  cid: Num,
  at: Num,
  status: v.picklist(['failed']),
  error: v.nullable(Str),
});

export const SegmentInfoRecordSchema = v.object({
  kind: v.literal('segment'),
  library: v.picklist(['analytics-next', 'analytics.js', 'unknown']),
  version: v.nullable(Str),
  writeKey: v.nullable(Str),
  globalName: v.nullable(Str),
  onWindow: v.boolean(),
});

export const IdentityRecordSchema = v.object({
  kind: v.literal('identity'),
  userId: v.nullable(Str),
  anonymousId: v.nullable(Str),
  groupId: v.nullable(Str),
  traits: v.unknown(),
  source: v.picklist(['localStorage', 'cookie', 'none']),
});

export const PfInfoRecordSchema = v.object({
  kind: v.literal('pf'),
  snippet: v.nullable(v.picklist(['v2', 'legacy'])),
  workspaceCode: v.nullable(Str),
  language: v.nullable(Str),
  ready: v.boolean(),
});

export const PfUserRecordSchema = v.object({
  kind: v.literal('pf-user'),
  at: Num,
  via: Str,
  user: v.unknown(),
});

export const PfEventRecordSchema = v.object({
  kind: v.literal('pf-event'),
  cid: Num,
  at: Num,
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
  IdentityRecordSchema,
  PfInfoRecordSchema,
  PfUserRecordSchema,
  PfEventRecordSchema,
]);

export const CaptureEnvelopeSchema = v.object({
  tag: v.literal(ENVELOPE_TAG),
  /** random id of this page instance (one document in one frame) */
  instance: v.pipe(v.string(), v.maxLength(64)),
  /** batch number within the instance, from 0, so the background can drop re-sent batches */
  batch: Num,
  url: LongStr,
  title: LongStr,
  top: v.boolean(),
  records: v.array(CaptureRecordSchema),
});

export const SettingsSchema = v.object({
  /** events kept per tab before the oldest are evicted (and counted) */
  limit: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(200_000)),
  /** keep the log across navigations, with a navigation marker */
  preserveLog: v.boolean(),
});

export const DEFAULT_SETTINGS: Settings = { limit: 20_000, preserveLog: true };

export const TabIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const RuntimeMessageSchema = v.variant('type', [
  /**
   * Envelopes travel as the JSON text the page world made: the relay only checks their tag, so
   * parsing and validation happen in the background, off the page's main thread.
   */
  v.object({ type: v.literal('capture:batch'), envelopes: v.array(v.pipe(v.string(), v.maxLength(MAX_ENVELOPE_CHARS))) }),
  v.object({
    type: v.literal('session:get'),
    tabId: TabIdSchema,
    /** a follower (an open panel) asks only for what changed since what it has */
    since: v.optional(
      v.object({
        epoch: v.pipe(v.string(), v.maxLength(128)),
        rev: Num,
        follower: v.pipe(v.string(), v.maxLength(64)),
        /** the next page of a large answer: events after this seq */
        afterSeq: v.optional(Num),
      }),
    ),
  }),
  v.object({ type: v.literal('session:clear'), tabId: TabIdSchema }),
  v.object({ type: v.literal('settings:get') }),
  v.object({ type: v.literal('settings:set'), settings: v.partial(SettingsSchema) }),
]);

/** Sent by the background to extension pages when a tab's session changed. */
export const SessionChangedSchema = v.object({
  type: v.literal('session:changed'),
  tabId: TabIdSchema,
  count: Num,
});

export type CaptureRecord = v.InferOutput<typeof CaptureRecordSchema>;
export type CallRecord = v.InferOutput<typeof CallRecordSchema>;
export type NetworkRecord = v.InferOutput<typeof NetworkRecordSchema>;
export type CaptureEnvelope = v.InferOutput<typeof CaptureEnvelopeSchema>;
export type Settings = v.InferOutput<typeof SettingsSchema>;
export type RuntimeMessage = v.InferOutput<typeof RuntimeMessageSchema>;
export type SessionChanged = v.InferOutput<typeof SessionChangedSchema>;
export { SessionDocumentSchema };

export function parseEnvelope(json: unknown): CaptureEnvelope | null {
  if (!looksLikeEnvelope(json)) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const result = v.safeParse(CaptureEnvelopeSchema, value);
  return result.success ? result.output : null;
}

export function parseRuntimeMessage(value: unknown): RuntimeMessage | null {
  const result = v.safeParse(RuntimeMessageSchema, value);
  return result.success ? result.output : null;
}
