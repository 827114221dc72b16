/**
 * What the page-world hook reports in a word, and what the session says for it. The hook posts the
 * code and the background writes these words when it reads the envelope (lib/shared/captureEnvelope.ts),
 * so the page's script carries no sentences: it runs, and is compiled, on every page load.
 */
export const PAGE_SAYS = {
  'keepalive-unloading': 'keepalive request sent while the page was unloading; its answer reaches no page',
  'beacon-queued': 'beacon queued; the browser does not show pages its response',
  'beacon-refused': 'the browser refused to queue the beacon',
  'request-failed': 'the request failed',
  'script-failed': 'the script did not load (blocked by CSP or an ad-blocker, or the request failed)',
  'inspector-removed': 'window.__SEGMENT_INSPECTOR__ was removed and cannot be made again',
  'inspector-accessor': 'window.__SEGMENT_INSPECTOR__ was replaced by an accessor (another inspector extension or the page)',
  'inspector-not-object': 'window.__SEGMENT_INSPECTOR__ was replaced by a value that is no object',
  'inspector-unchainable': 'window.__SEGMENT_INSPECTOR__ was replaced by the page or another extension and its attach cannot be chained',
} as const;

export type PageSaysCode = keyof typeof PAGE_SAYS;

/** The words for a code the hook posted; any other text (a library's or browser's message) as it is. */
export function pageSaid(error: string): string {
  return Object.prototype.hasOwnProperty.call(PAGE_SAYS, error) ? PAGE_SAYS[error as PageSaysCode] : error;
}
