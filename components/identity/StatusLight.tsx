/** The session's light with the sentence that explains it; the light's name is spoken for screen readers. */
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';

const LABELS: Record<SessionStatus['light'], string> = {
  green: 'OK',
  amber: 'Warning',
  red: 'Problem',
  grey: 'Not judged',
};

export function StatusLight({ status }: { status: SessionStatus }) {
  return (
    <p className={`identity-light identity-light--${status.light}`}>
      <span className="identity-light__dot" role="img" aria-label={LABELS[status.light]} />
      <span className="identity-light__reason">{status.reason}</span>
    </p>
  );
}
