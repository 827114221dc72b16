/**
 * Page-level findings about how Segment and Product Fruits are wired on the page. Codes are
 * stable and listed in docs/findings.md.
 */
import type { Finding, PfInfo, SegmentInfo, SessionEvent } from './schema';
import { idText } from '../values';

/** Every code pageDiagnostics can produce: the rest of a document's diagnostics are identity findings. */
export const PAGE_DIAGNOSTIC_CODES: ReadonlySet<string> = new Set([
  'analytics-not-on-window',
  'pf-events-not-reaching-segment',
  'segment-without-pf',
  'pf-without-segment',
  'pf-without-user',
  'pf-user-without-email',
]);

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

export function pageDiagnostics({ segment, productFruits: pf, unmatchedPfEvents }: DiagnosticsInput): Finding[] {
  const out: Finding[] = [];
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
