/**
 * What the page-world hook sends: a capture envelope of records, carried as JSON text over the
 * page channel (pageChannel.ts) and the relay, parsed and validated only in the background.
 * Types are inferred from these schemas; the hook imports the types only (erased at build), so
 * no schema code reaches the page. Documented in docs/protocol.md.
 */
import * as v from 'valibot';
import { ENVELOPE_TAG, looksLikeEnvelope } from './pageChannel';
import {
  CALL_PATHS,
  DELIVERY_STATUSES,
  NETWORK_TRANSPORTS,
  PF_SNIPPETS,
  SEGMENT_LIBRARIES,
  STORED_IDENTITY_SOURCES,
} from './vocabulary';

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
  via: v.picklist(CALL_PATHS),
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
  transport: v.picklist(NETWORK_TRANSPORTS),
  status: v.picklist(DELIVERY_STATUSES),
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

/** The Segment library could not load: its script failed (CSP, ad-blocker, CDN) or its settings request did. */
export const SegmentLoadRecordSchema = v.object({
  kind: v.literal('segment-load'),
  at: Num,
  what: v.picklist(['script', 'settings']),
  url: LongStr,
  error: v.nullable(Str),
});

export const IdentityRecordSchema = v.object({
  kind: v.literal('identity'),
  userId: v.nullable(Str),
  anonymousId: v.nullable(Str),
  groupId: v.nullable(Str),
  traits: v.unknown(),
  source: v.picklist(STORED_IDENTITY_SOURCES),
});

export const PfInfoRecordSchema = v.object({
  kind: v.literal('pf'),
  snippet: v.nullable(v.picklist(PF_SNIPPETS)),
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
  SegmentLoadRecordSchema,
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

export type CaptureRecord = v.InferOutput<typeof CaptureRecordSchema>;
export type CallRecord = v.InferOutput<typeof CallRecordSchema>;
export type NetworkRecord = v.InferOutput<typeof NetworkRecordSchema>;
export type CaptureEnvelope = v.InferOutput<typeof CaptureEnvelopeSchema>;

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
