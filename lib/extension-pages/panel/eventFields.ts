/** Facts about an event that the list, the search and the popup all show the same way. */
import type { SessionEvent, Verdict } from '../../shared/session/schema';

/**
 * The user the call is about: the built payload is authoritative (plugins may have set it);
 * before it exists, the first argument of identify/alias is the user id as the page passed it.
 */
export function eventUserId(event: SessionEvent): string | null {
  const built = event.built;
  if (typeof built === 'object' && built !== null && 'userId' in built) {
    const userId = (built as { userId?: unknown }).userId;
    if (typeof userId === 'string' || typeof userId === 'number') return String(userId);
  }
  if (event.source === 'segment' && (event.type === 'identify' || event.type === 'alias')) {
    const first = event.args[0];
    if (typeof first === 'string' || typeof first === 'number') return String(first);
  }
  return null;
}

export function hasFindings(event: SessionEvent): boolean {
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
