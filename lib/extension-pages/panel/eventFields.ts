/** Facts about an event that the list, the search and the popup all show the same way. */
import { eventIdentity } from '../../shared/identity/webhookIdentity';
import type { SessionEvent, Verdict } from '../../shared/session/schema';
import { idText } from '../../shared/values';

/**
 * The user the call is about, read as the verdict reads it (`eventIdentity`): the network payload,
 * else the built event, else identify's first argument. alias(userId, previousId) names its user
 * only in that argument until it is built, so that is read here too.
 */
export function eventUserId(event: SessionEvent): string | null {
  if (event.source !== 'segment') return null;
  const userId = idText(eventIdentity(event).userId);
  if (userId !== null || event.type !== 'alias' || (event.sent ?? event.built) != null) return userId;
  return idText(event.args[0]);
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
