/**
 * Page-level findings about how Segment and Product Fruits are wired on the page. Codes are
 * stable, in the table of findings (lib/shared/findings.ts, scope 'page') and docs/findings.md.
 */
import type { Finding, PfInfo, SegmentInfo, SessionEvent } from './schema';
import { idText } from '../values';

export interface DiagnosticsInput {
  segment: SegmentInfo;
  productFruits: PfInfo;
  /** PF events with no Segment track joined to them */
  unmatchedPfEvents: readonly SessionEvent[];
}

function list(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(0, 5).map((n) => `'${n}'`).join(', ');
  return unique.length > 5 ? `${shown} and ${unique.length - 5} more` : shown;
}

/**
 * The snippet queued calls but the library's script or settings never loaded (CSP, ad-blocker, a
 * failed CDN request): the calls wait on the stub forever and nothing is sent. Null once a
 * library started.
 */
export function libraryNotLoaded(segment: SegmentInfo): Finding | null {
  const failure = segment.loadFailures?.find((f) => f.what !== 'inspector');
  if (!failure || segment.library !== 'unknown') return null;
  const what = failure.what === 'script' ? `its script ${failure.url}` : `its settings ${failure.url}`;
  const where = segment.globalName ? `window.${segment.globalName}` : 'the snippet';
  return {
    code: 'segment-library-not-loaded',
    severity: 'error',
    message: `The Segment library never loaded: ${what} failed (${failure.error ?? 'no answer'}). Calls queued on ${where} are never sent. Check the page's Content-Security-Policy, ad-blockers and the CDN or proxy.`,
  };
}

/** The page-world hook lost analytics-next's `__SEGMENT_INSPECTOR__` hook to the page or another extension. */
export function inspectorLost(segment: SegmentInfo): Finding | null {
  const failure = segment.loadFailures?.find((f) => f.what === 'inspector');
  if (!failure) return null;
  const what = failure.error ?? 'window.__SEGMENT_INSPECTOR__ was taken over';
  // The page says what happened and the consequence is said here, which keeps the page's script
  // small; sessions recorded by earlier builds carry the consequence in the page's text already.
  const message = what.includes('network only') ? what : `${what}: analytics-next instances created from then on are seen from the network only (their calls and built events are not).`;
  return { code: 'segment-inspector-lost', severity: 'warning', message };
}

export function pageDiagnostics({ segment, productFruits: pf, unmatchedPfEvents }: DiagnosticsInput): Finding[] {
  const out: Finding[] = [];
  const notLoaded = libraryNotLoaded(segment);
  if (notLoaded) out.push(notLoaded);
  const lost = inspectorLost(segment);
  if (lost) out.push(lost);
  const npmOnly = segment.detected && !segment.onWindow && segment.globalName === null && segment.library === 'analytics-next';
  if (npmOnly) {
    out.push({
      code: 'analytics-not-on-window',
      severity: pf.detected ? 'error' : 'warning',
      message: pf.detected
        ? 'Segment is bundled from npm (AnalyticsBrowser.load) and window.analytics does not exist, so Product Fruits cannot send its events to Segment. Assign the instance to window.analytics.'
        : 'Segment is bundled from npm (AnalyticsBrowser.load) and window.analytics does not exist; scripts such as Product Fruits that call window.analytics.track() send nothing.',
    });
  }
  if (unmatchedPfEvents.length > 0 && !segment.onWindow) {
    out.push({
      code: 'pf-events-not-reaching-segment',
      severity: 'error',
      message: `Product Fruits fired ${unmatchedPfEvents.length} event(s) (${list(unmatchedPfEvents.map((e) => e.type))}) but there was no loaded window.analytics to receive them, so none reached Segment.`,
    });
  }
  if (segment.detected && !pf.detected) {
    out.push({ code: 'segment-without-pf', severity: 'info', message: 'Segment is on this page but Product Fruits is not (no $productFruits queue, productFruits object or productFruitsUser).' });
  }
  if (pf.detected && !segment.detected) {
    out.push({ code: 'pf-without-segment', severity: 'warning', message: 'Product Fruits is on this page but no Segment library was seen, so PF events cannot reach Segment and the webhook has nothing to send.' });
  }
  if (pf.detected && (pf.ready || pf.snippet !== null) && pf.user === null) {
    out.push({ code: 'pf-without-user', severity: 'warning', message: 'Product Fruits was loaded without a user object, so it cannot tie this visitor to a PF user.' });
  }
  const email = pf.user?.email;
  if (pf.user && (typeof email !== 'string' || email.trim() === '')) {
    out.push({
      code: 'pf-user-without-email',
      severity: 'warning',
      message: `The Product Fruits user '${idText(pf.user.username) ?? ''}' has no email, so PF's first webhook rule (match by email) can never find this user; only the username rule can.`,
    });
  }
  return out;
}
