/**
 * Findings (page diagnostics or verdict findings) as a list: severity badge, message, code.
 * Findings with the same code are grouped: the first is shown, the others on request.
 */
import { useState } from 'react';
import { groupFindings, type FindingGroup } from '../../lib/shared/session/findings';
import type { Finding } from '../../lib/shared/session/schema';
import { SeverityBadge } from './Marks';

export function Findings({ findings }: { findings: readonly Finding[] }) {
  return (
    <ul className="findings">
      {groupFindings(findings).map((group, i) => (
        <FindingItem key={`${group.first.code}-${i}`} group={group} />
      ))}
    </ul>
  );
}

function FindingItem({ group }: { group: FindingGroup }) {
  const [open, setOpen] = useState(false);
  const { first, more } = group;
  return (
    <li className={`finding finding--${first.severity}`}>
      <SeverityBadge severity={first.severity} />
      <span className="finding__message">
        {first.message}
        {more.length > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
              {open ? 'Hide' : 'Show'} {more.length} more like this
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
      <code className="finding__code">{first.code}</code>
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
