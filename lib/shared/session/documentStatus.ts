/**
 * The session's one light: the identity verdicts decide it, except that PF events which never
 * reached Segment are an error the identity check cannot see. Shared by the background's document
 * and the panel's rejudged one so both light up the same way.
 */
import type { SessionStatus } from '../identity/sessionStatus';
import type { Finding } from './schema';

export function documentStatus(diagnostics: readonly Finding[], identityStatus: SessionStatus): SessionStatus {
  const lost = diagnostics.find((d) => d.code === 'pf-events-not-reaching-segment');
  if (lost && identityStatus.light !== 'red') return { light: 'red', reason: lost.message };
  return identityStatus;
}
