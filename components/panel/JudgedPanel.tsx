/**
 * The panel over a session judged again with the panel page's identity controls: importing a PF
 * users list or switching an assumption changes every verdict in the list, the detail, the
 * Identity view and what an export contains.
 */
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { useRejudged, type IdentityState } from '../identity/useIdentityState';
import { PanelApp, type PanelAppProps } from './PanelApp';

export interface JudgedPanelProps extends Omit<PanelAppProps, 'identity' | 'onExport'> {
  /** the light of `session` as captured or imported */
  status: SessionStatus;
  identityState: IdentityState;
  /** receives the judged document, the one the user is looking at */
  onExport?: (document: SessionDocument, opts: { redact: boolean }) => void;
}

export function JudgedPanel({ session, status, identityState, onExport, ...props }: JudgedPanelProps) {
  const judged = useRejudged(session, status, identityState);
  return (
    <PanelApp
      {...props}
      session={judged.document}
      identity={{ status: judged.status, state: identityState }}
      onExport={onExport && ((opts) => onExport(judged.document, opts))}
    />
  );
}
