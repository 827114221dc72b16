/** The panel's Identity view: the session's identity overview beside the what-if editor, both about one subject. */
import { useShallow } from 'zustand/react/shallow';
import { IdentityOverview } from '../identity/IdentityOverview';
import { usersSummary } from '../identity/useIdentityState';
import { WhatIfEditor } from '../identity/WhatIfEditor';
import { selectJudged, usePanelStore } from './store';
import { useIdentitySubject } from './useIdentitySubject';

export function IdentityPane() {
  const judged = usePanelStore(selectJudged);
  const { importedUsers, assumptions, importError, setAssumptions, importUsers, showEvent, whatIf, setWhatIf } = usePanelStore(
    useShallow((s) => ({
      importedUsers: s.importedUsers,
      assumptions: s.assumptions,
      importError: s.importError,
      setAssumptions: s.setAssumptions,
      importUsers: s.importUsers,
      showEvent: s.showEvent,
      whatIf: s.whatIf,
      setWhatIf: s.setWhatIf,
    })),
  );
  const subject = useIdentitySubject();
  if (!judged) return null;
  return (
    <div className="identity-pane">
      <div className="identity-pane__overview">
        <IdentityOverview
          session={judged.document}
          subject={subject}
          status={judged.status}
          assumptions={assumptions}
          onAssumptionsChange={setAssumptions}
          importedUsers={usersSummary(importedUsers)}
          onImportUsers={(file, columns) => void importUsers(file, columns)}
          importError={importError}
          onSelectEvent={showEvent}
        />
      </div>
      <div className="identity-pane__what-if">
        <WhatIfEditor subject={subject} importedUsers={importedUsers?.users ?? []} assumptions={assumptions} values={whatIf} onChange={setWhatIf} />
      </div>
    </div>
  );
}
