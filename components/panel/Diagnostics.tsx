/** Findings (page diagnostics or verdict findings) as a list: severity badge, message, code. */
import type { Finding } from '../../lib/session/schema';
import { SeverityBadge } from './Marks';

export function Findings({ findings }: { findings: Finding[] }) {
  return (
    <ul className="findings">
      {findings.map((finding, i) => (
        <li key={`${finding.code}-${i}`} className={`finding finding--${finding.severity}`}>
          <SeverityBadge severity={finding.severity} />
          <span className="finding__message">{finding.message}</span>
          <code className="finding__code">{finding.code}</code>
        </li>
      ))}
    </ul>
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
