/** Facts about an event that the list, the search and the popup all show the same way. */
import type { SessionEvent } from '../../shared/session/schema';

export { eventUserId } from '../../shared/session/summary';

export function hasFindings(event: Pick<SessionEvent, 'verdict'>): boolean {
  return (event.verdict?.findings.length ?? 0) > 0;
}
