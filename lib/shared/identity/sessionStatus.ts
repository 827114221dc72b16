/**
 * The one-light summary of a session's identity check, with the sentence that explains it. It is
 * about one subject, the latest identify (the identity the app most recently told Segment), named
 * by its `#`, as every other view that judges the session is: events after it still count (they
 * travel with that identity), errors of events before it were superseded and only warn.
 */
import type { Finding, Verdict } from './schema';
import { show } from './describe';

export type StatusLight = 'green' | 'amber' | 'red' | 'grey';

export interface SessionStatus {
  light: StatusLight;
  reason: string;
}

export function subjectLabel(subject: { seq: number; type: string }): string {
  return subject.type === 'identify' ? `Latest identify #${subject.seq}` : `Latest ${subject.type} #${subject.seq}`;
}

function matchedBy(verdict: Verdict): string {
  const user = verdict.pfUser;
  return verdict.rule === 'email' ? `email ${show(user?.email)}` : `username ${show(user?.username)}`;
}

function outcomeOf(verdict: Verdict): string {
  if (verdict.rule === 'new-user') return 'PF would create a new user';
  if (verdict.samePersonAsPage === null) {
    return `lands on existing PF user ${show(verdict.pfUser?.username ?? verdict.pfUser?.email)} (matched by ${matchedBy(verdict)}); the page has no PF user to compare with`;
  }
  return `same person, matched by ${matchedBy(verdict)}`;
}

function count(n: number, what: string): string {
  return n === 1 ? `1 ${what}` : `${n} ${what}s`;
}

/**
 * The light as a fold over verdicts in event order, so a live session never scans its verdicts
 * again. The subject moves to each judged identify (to each judged event before the first one);
 * from the subject on, the worst finding decides the light and the first of that severity
 * explains it; errors before the subject were superseded and only make it amber, and say so.
 */
export class StatusFold {
  /** the event the light is about: the latest judged identify, else the latest judged event; its seq and type, kept as fields so a judged event allocates nothing here */
  private subjectSeq = -1;
  private subjectType: string | null = null;
  private subjectVerdict: Verdict | null = null;
  private seenIdentify = false;
  private earlierErrors = 0;
  private firstEarlier: Finding | null = null;
  /** from the subject on */
  private errors = 0;
  private firstError: { finding: Finding; onSubject: boolean } | null = null;
  private warnings = 0;
  private firstWarning: Finding | null = null;

  add(seq: number, type: string, verdict: Verdict): void {
    const startsSubject = type === 'identify' || !this.seenIdentify;
    if (startsSubject) {
      this.earlierErrors += this.errors;
      this.firstEarlier ??= this.firstError?.finding ?? null;
      this.errors = 0;
      this.firstError = null;
      this.warnings = 0;
      this.firstWarning = null;
      this.subjectSeq = seq;
      this.subjectType = type;
      this.subjectVerdict = verdict;
    }
    if (type === 'identify') this.seenIdentify = true;
    for (const f of verdict.findings) {
      if (f.severity === 'error') {
        this.errors += 1;
        this.firstError ??= { finding: f, onSubject: startsSubject };
      } else if (f.severity === 'warning') {
        this.warnings += 1;
        this.firstWarning ??= f;
      }
    }
  }

  /**
   * The light once the session's own findings are in: `offEvents` are the session findings on no
   * event's verdict (the others were counted with their event), in the session's order.
   */
  with(offEvents: readonly Finding[]): SessionStatus {
    const type = this.subjectType;
    if (type === null) {
      const error = offEvents.find((f) => f.severity === 'error');
      if (error) return { light: 'red', reason: error.message };
      const warnings = offEvents.filter((f) => f.severity === 'warning');
      if (warnings.length > 0) return { light: 'amber', reason: `${count(warnings.length, 'warning')}: ${warnings[0]!.message}` };
      return { light: 'grey', reason: 'Nothing to judge yet: no Segment event with a userId or email was captured.' };
    }
    const label = subjectLabel({ seq: this.subjectSeq, type });
    if (this.firstError) return { light: 'red', reason: `${label}${this.firstError.onSubject ? '' : ', then a later event'}: ${this.firstError.finding.message}` };
    let warnings = this.warnings;
    let firstWarning = this.firstWarning;
    for (const f of offEvents) {
      if (f.severity === 'error') return { light: 'red', reason: f.message };
      if (f.severity === 'warning') {
        warnings += 1;
        firstWarning ??= f;
      }
    }
    const verdict = this.subjectVerdict;
    const outcome = verdict ? outcomeOf(verdict) : 'judged';
    if (firstWarning) {
      const works = verdict?.rule === 'new-user' ? '' : 'works, with ';
      return { light: 'amber', reason: `${label}: ${works}${count(warnings, 'warning')}: ${firstWarning.message}` };
    }
    if (this.firstEarlier) {
      return { light: 'amber', reason: `${label}: ${outcome}. Earlier events had ${count(this.earlierErrors, 'error')} (first: ${this.firstEarlier.message})` };
    }
    return { light: 'green', reason: `${label}: ${outcome}.` };
  }
}
