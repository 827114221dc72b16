/**
 * Recognises request bodies of Segment's tracking API by their shape. Customers proxy Segment's
 * `apiHost` through their own domains, so the hostname alone would miss them; the URL only
 * decides whether a non-string body (a Blob for sendBeacon) is worth reading at all.
 *
 * Runs in the page's main world next to the network hooks: the builtins it calls are captured
 * when the module loads, before the page can patch them.
 */
import { isRecord } from '../values';
import { SEGMENT_SENT_TYPES } from '../vocabulary';

export interface SegmentRequestEvent {
  messageId: string;
  type: string;
  /** The event object exactly as sent. */
  payload: unknown;
}

export interface SegmentRequest {
  url: string;
  events: SegmentRequestEvent[];
  /** From the body: a single-event body carries it in the event, a batch next to `batch`. */
  writeKey: string | null;
}

/** Far above Segment's own limit (500 KB per batch): anything bigger is not a Segment request. */
const MAX_BODY_CHARS = 1_000_000;
/** Built when the hook's module loads, before any page script could patch a builtin. */
const EVENT_TYPES: Readonly<Record<string, true>> = Object.fromEntries(SEGMENT_SENT_TYPES.map((type) => [type, true]));
const SEGMENT_HOSTS: Readonly<Record<string, true>> = {
  'api.segment.io': true,
  'events.eu1.segmentapis.com': true,
};

const { apply } = Reflect;
const { isArray } = Array;
const jsonParse = JSON.parse;
const regExpExec = RegExp.prototype.exec;
const stringCharCodeAt = String.prototype.charCodeAt;
const stringToLowerCase = String.prototype.toLowerCase;
const hasOwn = Object.prototype.hasOwnProperty;

/** analytics-next's short paths (`/t`, `/b`, ...) and the HTTP Tracking API's long ones, behind any prefix. */
const SEGMENT_PATH = /\/v1\/(?:[tipgasb]|batch|track|identify|page|screen|group|alias)\/?$/;
/** scheme://authority path; the authority may carry credentials and a port. */
const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]*)(?::\d*)?([^?#]*)/;
const RELATIVE_PATH = /^([^?#]*)/;

export function isLikelySegmentUrl(url: string): boolean {
  const absolute = apply(regExpExec, ABSOLUTE_URL, [url]) as RegExpExecArray | null;
  const host = absolute ? (apply(stringToLowerCase, absolute[1] ?? '', []) as string) : '';
  if (hasOwnKey(SEGMENT_HOSTS, host)) return true;
  const path = absolute ? absolute[2] : (apply(regExpExec, RELATIVE_PATH, [url]) as RegExpExecArray)[1];
  return apply(regExpExec, SEGMENT_PATH, [path ?? '']) !== null;
}

export function parseSegmentBody(url: string, body: unknown): SegmentRequest | null {
  if (typeof body !== 'string' || body.length > MAX_BODY_CHARS || !startsLikeObject(body)) return null;
  let parsed: unknown;
  try {
    parsed = jsonParse(body);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const writeKey = typeof parsed.writeKey === 'string' ? parsed.writeKey : null;
  if (isSegmentEvent(parsed)) {
    return { url, events: [toRequestEvent(parsed)], writeKey };
  }
  const batch = parsed.batch;
  if (!isArray(batch)) return null;
  // Without a Segment-looking URL the whole batch must have the shape; with one, stray items
  // (a proxy's additions, say) are skipped rather than costing the real events.
  const lenient = isLikelySegmentUrl(url);
  const events: SegmentRequestEvent[] = [];
  for (let i = 0; i < batch.length; i++) {
    const item: unknown = batch[i];
    if (isSegmentEvent(item)) events[events.length] = toRequestEvent(item);
    else if (!lenient) return null;
  }
  return events.length > 0 ? { url, events, writeKey } : null;
}

type SegmentEventShape = Record<string, unknown> & { type: string; messageId: string };

function isSegmentEvent(value: unknown): value is SegmentEventShape {
  return (
    isRecord(value) &&
    typeof value.type === 'string' &&
    hasOwnKey(EVENT_TYPES, value.type) &&
    typeof value.messageId === 'string'
  );
}

function toRequestEvent(event: SegmentEventShape): SegmentRequestEvent {
  return { messageId: event.messageId, type: event.type, payload: event };
}

/** Cheap pre-check before JSON.parse: most bodies the hooks see are not JSON objects at all. */
function startsLikeObject(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const code = apply(stringCharCodeAt, body, [i]) as number;
    // JSON whitespace: space, tab, line feed, carriage return
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) continue;
    return code === 0x7b; // {
  }
  return false;
}

function hasOwnKey(table: object, key: string): boolean {
  return apply(hasOwn, table, [key]) as boolean;
}
