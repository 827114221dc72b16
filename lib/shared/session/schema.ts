/**
 * The session document (format `segment-pf-companion/session`, version 1): what the background
 * returns for `session:get`, what the panel and popup read, what export writes and import
 * validates. Types are inferred from these schemas so validation and types cannot drift apart.
 * Documented in docs/session-format.md.
 */
import * as v from 'valibot';
import { FindingSchema, PfUserChangeSchema, PfUserSchema, VerdictSchema } from '../identity/schema';
import { CAPTURE_PATHS, DELIVERY_REPORTERS, DELIVERY_STATUSES, EVENT_SOURCES, PF_SNIPPETS, SEGMENT_LIBRARIES, STORED_IDENTITY_SOURCES } from '../vocabulary';

export const SESSION_FORMAT = 'segment-pf-companion/session';
export const SESSION_VERSION = 1;

export const DeliveryStatusSchema = v.picklist(DELIVERY_STATUSES);

export const DeliveryAttemptSchema = v.object({
  at: v.string(),
  status: DeliveryStatusSchema,
  httpStatus: v.nullable(v.number()),
  url: v.nullable(v.string()),
  transport: v.picklist(DELIVERY_REPORTERS),
  error: v.optional(v.nullable(v.string())),
});

export const DeliverySchema = v.object({
  status: DeliveryStatusSchema,
  httpStatus: v.nullable(v.number()),
  url: v.nullable(v.string()),
  attempts: v.optional(v.array(DeliveryAttemptSchema)),
});

export const EventSourceSchema = v.picklist(EVENT_SOURCES);

/** How a Segment call reached us: the snippet's queue, an analytics-next instance, classic analytics.js. */
export const CaptureViaSchema = v.picklist(CAPTURE_PATHS);

export const PfLinkSchema = v.object({
  /** id of the event on the other side: the Segment track for a PF event, the PF event for a track. */
  eventId: v.string(),
  /** why they were joined: name mapping from the catalogue, or only timing. */
  by: v.picklist(['name', 'timing']),
  /**
   * for `by: 'name'`, where the name came from (optional): PF's published table (`verified`), a
   * row of the catalogue not checked against it (`unverified`), an earlier timing link on this
   * page (`learned`), or the raw name's words (`guessed`)
   */
  nameFrom: v.optional(v.picklist(['verified', 'unverified', 'learned', 'guessed'])),
});

export const SessionEventSchema = v.object({
  id: v.string(),
  seq: v.number(),
  capturedAt: v.string(),
  pageUrl: v.string(),
  frameUrl: v.optional(v.nullable(v.string())),
  source: EventSourceSchema,
  type: v.string(),
  name: v.nullable(v.string()),
  args: v.array(v.unknown()),
  built: v.nullable(v.unknown()),
  /** The payload as it went over the network (from the page's request body); null if not seen. */
  sent: v.optional(v.nullable(v.unknown())),
  delivery: v.nullable(DeliverySchema),
  via: v.optional(CaptureViaSchema),
  /** for PF events: the module whose listener fired (tours, checklists, …) or "analytics" (forwardEvent) */
  pfModule: v.optional(v.string()),
  verdict: v.optional(v.nullable(VerdictSchema)),
  pfLink: v.optional(v.nullable(PfLinkSchema)),
  /** Stub calls that the library replayed later: recorded once, marked here. */
  replayed: v.optional(v.boolean()),
});

export const NavigationSchema = v.object({
  /** seq of the first event after the navigation */
  beforeSeq: v.number(),
  at: v.string(),
  url: v.string(),
});

export const SegmentIdentitySchema = v.object({
  userId: v.nullable(v.string()),
  anonymousId: v.nullable(v.string()),
  groupId: v.nullable(v.string()),
  traits: v.nullable(v.unknown()),
  source: v.picklist(STORED_IDENTITY_SOURCES),
});

/** One analytics instance on the page (a page can run the snippet's and an npm one side by side). */
export const SegmentInstanceSchema = v.object({
  library: v.picklist(SEGMENT_LIBRARIES),
  version: v.nullable(v.string()),
  writeKey: v.nullable(v.string()),
  /** the global holding it; null for an npm instance reachable only through the inspector hook */
  globalName: v.nullable(v.string()),
  onWindow: v.boolean(),
  /** the frame's URL when the instance lives in an iframe */
  frameUrl: v.nullable(v.string()),
  /** events sent with this instance's write key */
  sentEvents: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const SegmentInfoSchema = v.object({
  detected: v.boolean(),
  globalName: v.nullable(v.string()),
  onWindow: v.boolean(),
  library: v.picklist(SEGMENT_LIBRARIES),
  version: v.nullable(v.string()),
  writeKey: v.nullable(v.string()),
  identity: v.optional(v.nullable(SegmentIdentitySchema)),
  /** the library's script or settings request failed to load (CSP, ad-blocker, CDN): optional */
  loadFailures: v.optional(v.array(v.object({ at: v.string(), what: v.picklist(['script', 'settings', 'inspector']), url: v.string(), error: v.nullable(v.string()) }))),
  /** every instance seen, in the order they appeared; the fields above describe the latest on `window` in the top frame (else the latest) */
  instances: v.optional(v.array(SegmentInstanceSchema)),
});

export const PfInfoSchema = v.object({
  detected: v.boolean(),
  snippet: v.nullable(v.picklist(PF_SNIPPETS)),
  workspaceCode: v.nullable(v.string()),
  language: v.nullable(v.string()),
  ready: v.boolean(),
  user: v.nullable(PfUserSchema),
  userTimeline: v.optional(v.array(PfUserChangeSchema)),
});

export const CaptureStatsSchema = v.object({
  /** events dropped because the per-tab limit was reached; never silent */
  evicted: v.number(),
  limit: v.number(),
  preserveLog: v.boolean(),
  /** records and envelopes refused as the page sent them (invalid, oversized, over a frame's share); never silent */
  rejected: v.optional(v.number()),
});

/** What a subframe's own hook reported about its document: never the page's facts. */
export const FrameFactsSchema = v.object({
  origin: v.string(),
  url: v.string(),
  segment: v.optional(SegmentInfoSchema),
  productFruits: v.optional(PfInfoSchema),
});

export const SessionDocumentSchema = v.object({
  format: v.literal(SESSION_FORMAT),
  version: v.literal(SESSION_VERSION),
  exportedAt: v.string(),
  page: v.object({ url: v.string(), title: v.string() }),
  segment: SegmentInfoSchema,
  productFruits: PfInfoSchema,
  events: v.array(SessionEventSchema),
  diagnostics: v.array(FindingSchema),
  navigations: v.optional(v.array(NavigationSchema)),
  capture: v.optional(CaptureStatsSchema),
  /** subframes' own Segment / PF facts, by origin (optional) */
  frames: v.optional(v.array(FrameFactsSchema)),
});

export type DeliveryStatus = v.InferOutput<typeof DeliveryStatusSchema>;
export type DeliveryAttempt = v.InferOutput<typeof DeliveryAttemptSchema>;
export type Delivery = v.InferOutput<typeof DeliverySchema>;
export type PfLink = v.InferOutput<typeof PfLinkSchema>;
export type CaptureVia = v.InferOutput<typeof CaptureViaSchema>;
export type SessionEvent = v.InferOutput<typeof SessionEventSchema>;
export type Navigation = v.InferOutput<typeof NavigationSchema>;
export type SegmentIdentity = v.InferOutput<typeof SegmentIdentitySchema>;
export type SegmentInfo = v.InferOutput<typeof SegmentInfoSchema>;
export type SegmentInstance = v.InferOutput<typeof SegmentInstanceSchema>;
export type PfInfo = v.InferOutput<typeof PfInfoSchema>;
export type CaptureStats = v.InferOutput<typeof CaptureStatsSchema>;
export type FrameFacts = v.InferOutput<typeof FrameFactsSchema>;
export type SessionDocument = v.InferOutput<typeof SessionDocumentSchema>;

export {
  FindingSchema,
  PfUserChangeSchema,
  PfUserRefSchema,
  PfUserSchema,
  SeveritySchema,
  VerdictSchema,
  type Finding,
  type PfUser,
  type PfUserChange,
  type PfUserRef,
  type Severity,
  type Verdict,
} from '../identity/schema';
