/** The panel's Identity view: the session's identity overview beside the what-if editor. */
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { IdentityOverview } from '../identity/IdentityOverview';
import { usersSummary, type IdentityState } from '../identity/useIdentityState';
import { WhatIfEditor } from '../identity/WhatIfEditor';

/** What the panel page owns about identity: its controls, and the light of the document they judged. */
export interface PanelIdentity {
  status: SessionStatus;
  state: IdentityState;
}

export interface IdentityPaneProps {
  session: SessionDocument;
  identity: PanelIdentity;
  onSelectEvent(eventId: string): void;
}

export function IdentityPane({ session, identity: { status, state }, onSelectEvent }: IdentityPaneProps) {
  return (
    <div className="identity-pane">
      <div className="identity-pane__overview">
        <IdentityOverview
          session={session}
          status={status}
          assumptions={state.assumptions}
          onAssumptionsChange={state.setAssumptions}
          importedUsers={usersSummary(state.importedUsers)}
          onImportUsers={(file) => void state.importUsers(file)}
          importError={state.importError}
          onSelectEvent={onSelectEvent}
        />
      </div>
      <div className="identity-pane__what-if">
        <WhatIfEditor session={session} importedUsers={state.importedUsers?.users ?? []} assumptions={state.assumptions} />
      </div>
    </div>
  );
}
