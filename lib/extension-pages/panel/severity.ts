/**
 * The identity severity the Events view shows, kept to the headline light's (`StatusFold`): from
 * the light's subject (the latest identify) on, an event's worst finding counts as it is; before
 * it, errors were superseded and only warn, and warnings were superseded and are only noted. A
 * verdict that found the PF user with no page user to compare it with is noted too: the light
 * calls that case green. So no mark in the list is worse than the light, and the light's colour
 * is always on the view (status strip, findings chip).
 */
import type { StatusLight } from '../../shared/identity/sessionStatus';
import type { Finding, SessionEvent, Verdict } from '../../shared/session/schema';

export type ShownLevel = 'ok' | 'note' | 'warning' | 'error';

export interface ShownVerdict {
  level: ShownLevel;
  /** what the mark means, in words, for its tooltip and screen readers */
  label: string;
}

export const SHOWN_RANK: Record<ShownLevel, number> = { ok: 0, note: 1, warning: 2, error: 3 };

export function shownVerdict(verdict: Verdict, superseded: boolean): ShownVerdict {
  const severities = new Set(verdict.findings.map((finding) => finding.severity));
  const error = severities.has('error') || verdict.samePersonAsPage === false;
  const warning = severities.has('warning');
  if (superseded) {
    if (error) return { level: 'warning', label: 'Identity: an error, superseded by the latest identify' };
    if (warning) return { level: 'note', label: 'Identity: a warning, superseded by the latest identify' };
  } else {
    if (error) return { level: 'error', label: 'Identity: wrong or unknown person' };
    if (warning) return { level: 'warning', label: 'Identity: check the warnings' };
  }
  if (verdict.samePersonAsPage === null) return { level: 'note', label: "Identity: PF user found; the page has no PF user to compare with" };
  return { level: 'ok', label: 'Identity: same person as the page' };
}

/** The seq of the light's subject: the latest judged Segment identify, else the latest judged Segment event. */
export function subjectSeq(events: readonly Pick<SessionEvent, 'seq' | 'source' | 'type' | 'verdict'>[]): number | null {
  let latest: number | null = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (!event.verdict || event.source !== 'segment') continue;
    if (event.type === 'identify') return event.seq;
    latest ??= event.seq;
  }
  return latest;
}

export function isSuperseded(event: Pick<SessionEvent, 'seq'>, subject: number | null): boolean {
  return subject !== null && event.seq < subject;
}

/** The level the light's colour stands for; grey (nothing judged) stands for none. */
export function lightLevel(light: StatusLight): ShownLevel | null {
  return light === 'red' ? 'error' : light === 'amber' ? 'warning' : light === 'green' ? 'ok' : null;
}

/**
 * The document's findings that no event carries: page diagnostics and session findings (an
 * unidentified track, a reset). Session findings repeated on an event are counted with it.
 */
export function pageLevelFindings(diagnostics: readonly Finding[], events: readonly Pick<SessionEvent, 'verdict'>[]): Finding[] {
  const onEvents = new Set<string>();
  for (const event of events) for (const f of event.verdict?.findings ?? []) onEvents.add(`${f.code}\n${f.message}`);
  const seen = new Set<string>();
  return diagnostics.filter((f) => {
    const key = `${f.code}\n${f.message}`;
    if (onEvents.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
