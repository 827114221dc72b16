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

/**
 * The one light as a fold: verdicts are added in event order as they are judged, and the light is read
 * with the session's findings at any point, so a live session never scans its verdicts again.
 */
export class StatusFold {
  private firstError: Finding | null = null;
  private firstWarning: Finding | null = null;
  private warnings = 0;
  private latest: Verdict | undefined;

  add(verdict: Verdict): void {
    this.latest = verdict;
    // After the first error the light is red whatever follows.
    if (this.firstError) return;
    for (const f of verdict.findings) {
      if (f.severity === 'error') {
        this.firstError = f;
        return;
      }
      if (f.severity === 'warning') {
        this.warnings += 1;
        this.firstWarning ??= f;
      }
    }
  }

  /** The worst finding decides the light (verdicts before session findings), the first of that severity explains it. */
  with(sessionFindings: readonly Finding[]): SessionStatus {
    if (this.firstError) return { light: 'red', reason: this.firstError.message };
    let firstWarning = this.firstWarning;
    let warnings = this.warnings;
    for (const f of sessionFindings) {
      if (f.severity === 'error') return { light: 'red', reason: f.message };
      if (f.severity === 'warning') {
        warnings += 1;
        firstWarning ??= f;
      }
    }
    if (firstWarning) {
      const count = warnings === 1 ? '1 warning' : `${warnings} warnings`;
      return { light: 'amber', reason: `Works, with ${count}: ${firstWarning.message}` };
    }
    // The latest verdict is the identity the app most recently sent, so it explains a clean session.
    const latest = this.latest;
    if (!latest) return { light: 'grey', reason: 'Nothing to judge yet: no Segment event with a userId or email was captured.' };
    if (latest.samePersonAsPage === null) {
      return {
        light: 'green',
        reason: `Lands on existing Product Fruits user ${show(latest.pfUser?.username ?? latest.pfUser?.email)} (matched by ${matchedBy(latest)}); the page has no Product Fruits user to compare with.`,
      };
    }
    return { light: 'green', reason: `Same person: matched by ${matchedBy(latest)}.` };
  }
}
