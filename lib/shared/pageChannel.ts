/**
 * The one channel from the page world to the isolated content script: a CustomEvent named
 * PAGE_EVENT_NAME on `window` whose `detail` is a capture envelope's JSON text (strings cross
 * the world boundary in Chrome and Firefox alike; postMessage would also reach every `message`
 * listener of the page). No schema library here: the page-world hook imports this module.
 */

export const PAGE_EVENT_NAME = '__segment_pf_companion__';
export const ENVELOPE_TAG = 'segment-pf-companion/page@1';
/** Larger envelopes are refused (and counted) by the relay: a runtime message is capped at 64 MiB. */
export const MAX_ENVELOPE_CHARS = 16 << 20;
/** Records per envelope: the hook cuts its batches to this, and the background takes no more page contexts than records. */
export const MAX_ENVELOPE_RECORDS = 1000;
/**
 * Call and built-difference records, most of what a page posts, go as arrays: a leading tag, then
 * their fields in a fixed order (captureEnvelope.ts, `CompactCall` and `CompactBuiltDiff`): their
 * keys were an eighth of an envelope's text. Other records, and these from any other sender, go as objects.
 */
export const COMPACT_CALL = 0;
export const COMPACT_BUILT_DIFF = 1;
/** Every envelope the hook makes starts with its tag: JSON.stringify keeps key order. */
const ENVELOPE_PREFIX = `{"tag":"${ENVELOPE_TAG}"`;

declare global {
  interface WindowEventMap {
    [PAGE_EVENT_NAME]: CustomEvent<unknown>;
  }
}

/** The relay's only check, cheap because it runs on the page's main thread. */
export function looksLikeEnvelope(detail: unknown): detail is string {
  return typeof detail === 'string' && detail.length <= MAX_ENVELOPE_CHARS && detail.startsWith(ENVELOPE_PREFIX);
}
