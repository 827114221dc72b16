/**
 * Findings (page diagnostics or verdict findings) as a list, worst first: severity badge, message,
 * what to do (docs/findings.md), code. Findings with the same code are grouped: the latest is
 * shown, the earlier ones on request.
 */
import { useState } from 'react';
import { FINDINGS, type FindingCode } from '../../lib/shared/findings';
import { groupFindings, type FindingGroup } from '../../lib/shared/session/findings';
import type { Finding } from '../../lib/shared/session/schema';
import { SeverityBadge } from './Marks';

export function Findings({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="findings">
      {groupFindings(findings).map((group, i) => (
        <FindingItem key={`${group.latest.code}-${i}`} group={group} />
      ))}
    </ul>
  );
}

function FindingItem({ group }: { group: FindingGroup }) {
  const [open, setOpen] = useState(false);
  const { latest, earlier: more } = group;
  const whatToDo = latest.code in FINDINGS ? FINDINGS[latest.code as FindingCode].whatToDo : null;
  return (
    <li className={`finding finding--${latest.severity}`}>
      <SeverityBadge severity={latest.severity} />
      <span className="finding__message">
        {latest.message}
        {whatToDo && <span className="finding__fix"> What to do: {whatToDo}</span>}
        {more.length > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide' : 'Show'} {more.length} earlier like this
            </button>
            {open && (
              <ul className="findings findings--more">
                {more.map((finding, i) => (
                  <li key={i}>{finding.message}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </span>
      <code className="finding__code">{latest.code}</code>
    </li>
  );
}

/** The page-level diagnostics section. */
export function Diagnostics({ findings }: { findings: Finding[] }) {
  return (
    <section className="card diagnostics" aria-label="Page diagnostics">
      <h3>Diagnostics</h3>
      {findings.length > 0 ? <Findings findings={findings} /> : <p className="empty-note">No problems found on this page.</p>}
    </section>
  );
}
