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
  let firstWarning: Finding | null = null;
  let warnings = 0;
  let latest: Verdict | undefined;
  const scan = (findings: readonly Finding[]): Finding | null => {
    for (const f of findings) {
      if (f.severity === 'error') return f;
      if (f.severity === 'warning') {
        warnings += 1;
        firstWarning ??= f;
      }
    }
    return null;
  };
  for (const verdict of perEvent.values()) {
    latest = verdict;
    const error = scan(verdict.findings);
    if (error) return { light: 'red', reason: error.message };
  }
  const error = scan(sessionFindings);
  if (error) return { light: 'red', reason: error.message };
  if (firstWarning) {
    const count = warnings === 1 ? '1 warning' : `${warnings} warnings`;
    return { light: 'amber', reason: `Works, with ${count}: ${(firstWarning as Finding).message}` };
  }
  // The latest verdict is the identity the app most recently sent, so it explains a clean session.
  if (!latest) return { light: 'grey', reason: 'Nothing to judge yet: no Segment event with a userId or email was captured.' };
  if (latest.samePersonAsPage === null) {
    return {
      light: 'green',
      reason: `Lands on existing Product Fruits user ${show(latest.pfUser?.username ?? latest.pfUser?.email)} (matched by ${matchedBy(latest)}); the page has no Product Fruits user to compare with.`,
    };
  }
  return { light: 'green', reason: `Same person: matched by ${matchedBy(latest)}.` };
}
