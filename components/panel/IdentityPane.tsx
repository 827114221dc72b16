/** The panel's Identity view: the session's identity overview beside the what-if editor. */
import { useShallow } from 'zustand/react/shallow';
import { IdentityOverview } from '../identity/IdentityOverview';
import { usersSummary } from '../identity/useIdentityState';
import { WhatIfEditor } from '../identity/WhatIfEditor';
import { selectJudged, usePanelStore } from './store';

export function IdentityPane() {
  const judged = usePanelStore(selectJudged);
  const { importedUsers, assumptions, importError, setAssumptions, importUsers, showEvent } = usePanelStore(
    useShallow((s) => ({
      importedUsers: s.importedUsers,
      assumptions: s.assumptions,
      importError: s.importError,
      setAssumptions: s.setAssumptions,
      importUsers: s.importUsers,
      showEvent: s.showEvent,
    })),
  );
  if (!judged) return null;
  return (
    <div className="identity-pane">
      <div className="identity-pane__overview">
        <IdentityOverview
          session={judged.document}
          status={judged.status}
          assumptions={assumptions}
          onAssumptionsChange={setAssumptions}
          importedUsers={usersSummary(importedUsers)}
          onImportUsers={(file) => void importUsers(file)}
          importError={importError}
          onSelectEvent={showEvent}
        />
      </div>
      <div className="identity-pane__what-if">
        <WhatIfEditor session={judged.document} importedUsers={importedUsers?.users ?? []} assumptions={assumptions} />
      </div>
    </div>
  );
}
