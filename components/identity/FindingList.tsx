/** Findings as the engine wrote them: severity, the sentence a support engineer can paste, the stable code. */
import type { Finding } from '../../lib/session/schema';

export function FindingList({ findings, empty = 'No findings.' }: { findings: readonly Finding[]; empty?: string }) {
  if (findings.length === 0) return <p className="empty-note">{empty}</p>;
  return (
    <ul className="findings">
      {findings.map((finding, i) => (
        <li key={`${finding.code}-${i}`} className={`finding finding--${finding.severity}`}>
          <span className={`severity severity--${finding.severity}`}>{finding.severity}</span>
          <span className="finding__message">{finding.message}</span>
          <code className="finding__code">{finding.code}</code>
        </li>
      ))}
    </ul>
  );
}
