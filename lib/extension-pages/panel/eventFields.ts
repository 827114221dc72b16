/** Facts about an event that the list, the search and the popup all show the same way. */
import type { SessionEvent, Verdict } from '../../shared/session/schema';

export { eventUserId } from '../../shared/session/summary';

export function hasFindings(event: Pick<SessionEvent, 'verdict'>): boolean {
  return (event.verdict?.findings.length ?? 0) > 0;
}

export type VerdictLevel = 'ok' | 'warning' | 'error';

/**
 * One mark for the list: an error finding or a different person is an error; anything the
 * identity check could not settle (warnings, unknown same-person) is a warning.
 */
export function verdictLevel(verdict: Verdict): VerdictLevel {
  const severities = new Set(verdict.findings.map((finding) => finding.severity));
  if (severities.has('error') || verdict.samePersonAsPage === false) return 'error';
  if (severities.has('warning') || verdict.samePersonAsPage === null) return 'warning';
  return 'ok';
}
