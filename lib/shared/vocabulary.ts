/**
 * The words every world uses for what it captures, each list written once. Plain constant
 * arrays, no schema library: the page-world hook imports this module, and the session schema,
 * the capture envelope schema, the reducer and the filters build on the same lists.
 */

/** Segment calls that become an event on the wire (and a webhook call to PF). */
export const SEGMENT_SENT_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
/** Every Segment method the hook records: the sent ones plus the two that only change local identity. */
export const SEGMENT_METHODS = [...SEGMENT_SENT_TYPES, 'reset', 'setAnonymousId'] as const;
/** Methods after which analytics.js's stored identity may have changed. */
export const IDENTITY_METHODS = ['identify', 'reset', 'alias', 'group', 'setAnonymousId'] as const;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'blocked', 'unknown'] as const;
/** How the page sent a request to Segment's API. */
export const NETWORK_TRANSPORTS = ['fetch', 'xhr', 'beacon'] as const;
/** A delivery attempt is reported by the network, or by the library itself (`delivery_failure`). */
export const DELIVERY_REPORTERS = [...NETWORK_TRANSPORTS, 'library'] as const;

export const EVENT_SOURCES = ['segment', 'productfruits'] as const;
/** How a call reached us: the snippet's queue, an analytics-next instance, classic analytics.js, the wire, PF. */
export const CAPTURE_PATHS = ['stub', 'instance', 'classic', 'network', 'productfruits'] as const;
/** The paths a page call (not a network-only event) can come by. */
export const CALL_PATHS = ['stub', 'instance', 'classic'] as const;

export const SEGMENT_LIBRARIES = ['analytics-next', 'analytics.js', 'unknown'] as const;
export const PF_SNIPPETS = ['v2', 'legacy'] as const;
export const STORED_IDENTITY_SOURCES = ['localStorage', 'cookie', 'none'] as const;

export type SegmentSentType = (typeof SEGMENT_SENT_TYPES)[number];
export type SegmentMethod = (typeof SEGMENT_METHODS)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type NetworkTransport = (typeof NETWORK_TRANSPORTS)[number];
export type DeliveryReporter = (typeof DELIVERY_REPORTERS)[number];
export type EventSource = (typeof EVENT_SOURCES)[number];
export type CapturePath = (typeof CAPTURE_PATHS)[number];
export type CallPath = (typeof CALL_PATHS)[number];
export type SegmentLibrary = (typeof SEGMENT_LIBRARIES)[number];
