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

/** The event the light is about: the latest judged identify, else the latest judged event. */
export interface StatusSubject {
  id: string;
  seq: number;
  type: string;
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
 * Verdicts in event order (the map's insertion order). From the subject on, the worst finding
 * decides the light and the first of that severity explains it; errors before the subject only
 * make it amber, and say so.
 */
export function statusOf(perEvent: ReadonlyMap<string, Verdict>, sessionFindings: readonly Finding[], subject: StatusSubject | null): SessionStatus {
  if (!subject) {
    const error = sessionFindings.find((f) => f.severity === 'error');
    if (error) return { light: 'red', reason: error.message };
    const warnings = sessionFindings.filter((f) => f.severity === 'warning');
    if (warnings.length > 0) return { light: 'amber', reason: `${count(warnings.length, 'warning')}: ${warnings[0]!.message}` };
    return { light: 'grey', reason: 'Nothing to judge yet: no Segment event with a userId or email was captured.' };
  }
  const label = subjectLabel(subject);
  let reached = false;
  let earlierErrors = 0;
  let firstEarlier: Finding | null = null;
  let firstWarning: Finding | null = null;
  let warnings = 0;
  const onEvents = new Set<Finding>();
  for (const [id, verdict] of perEvent) {
    if (id === subject.id) reached = true;
    for (const f of verdict.findings) {
      onEvents.add(f);
      if (!reached) {
        if (f.severity === 'error') {
          earlierErrors += 1;
          firstEarlier ??= f;
        }
        continue;
      }
      if (f.severity === 'error') return { light: 'red', reason: `${label}${id === subject.id ? '' : ', then a later event'}: ${f.message}` };
      if (f.severity === 'warning') {
        warnings += 1;
        firstWarning ??= f;
      }
    }
  }
  for (const f of sessionFindings) {
    if (onEvents.has(f)) continue;
    if (f.severity === 'error') return { light: 'red', reason: f.message };
    if (f.severity === 'warning') {
      warnings += 1;
      firstWarning ??= f;
    }
  }
  const verdict = perEvent.get(subject.id);
  const outcome = verdict ? outcomeOf(verdict) : 'judged';
  if (firstWarning) {
    const works = verdict?.rule === 'new-user' ? '' : 'works, with ';
    return { light: 'amber', reason: `${label}: ${works}${count(warnings, 'warning')}: ${firstWarning.message}` };
  }
  if (firstEarlier) {
    return { light: 'amber', reason: `${label}: ${outcome}. Earlier events had ${count(earlierErrors, 'error')} (first: ${firstEarlier.message})` };
  }
  return { light: 'green', reason: `${label}: ${outcome}.` };
}
