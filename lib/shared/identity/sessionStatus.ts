/** The one-light summary of a session's identity check, with the sentence that explains it. */
import type { Finding, Verdict } from './schema';
import { show } from './describe';

export type StatusLight = 'green' | 'amber' | 'red' | 'grey';

export interface SessionStatus {
  light: StatusLight;
  reason: string;
}

function matchedBy(verdict: Verdict): string {
  const user = verdict.pfUser;
  return verdict.rule === 'email' ? `email ${show(user?.email)}` : `username ${show(user?.username)}`;
}

/** Verdicts in event order; the worst finding decides the light, the first of that severity explains it. */
export function statusOf(perEvent: ReadonlyMap<string, Verdict>, sessionFindings: readonly Finding[]): SessionStatus {
  const verdicts = [...perEvent.values()];
  const findings = [...verdicts.flatMap((v) => v.findings), ...sessionFindings];
  const firstError = findings.find((f) => f.severity === 'error');
  if (firstError) return { light: 'red', reason: firstError.message };
  const warnings = findings.filter((f) => f.severity === 'warning');
  const [firstWarning] = warnings;
  if (firstWarning) {
    const count = warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`;
    return { light: 'amber', reason: `Works, with ${count}: ${firstWarning.message}` };
  }
  // The latest verdict is the identity the app most recently sent, so it explains a clean session.
  const latest = verdicts.at(-1);
  if (!latest) return { light: 'grey', reason: 'Nothing to judge yet: no Segment event with a userId or email was captured.' };
  if (latest.samePersonAsPage === null) {
    return {
      light: 'green',
      reason: `Lands on existing Product Fruits user ${show(latest.pfUser?.username ?? latest.pfUser?.email)} (matched by ${matchedBy(latest)}); the page has no Product Fruits user to compare with.`,
    };
  }
  return { light: 'green', reason: `Same person: matched by ${matchedBy(latest)}.` };
}
