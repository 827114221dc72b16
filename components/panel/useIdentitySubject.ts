/** The panel's identity subject (the latest identify and what it was judged against), replayed once per judged document. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { identitySubject, type IdentitySubject } from '../../lib/shared/session/identitySubject';
import { selectJudged, usePanelStore } from './store';

export function useIdentitySubject(): IdentitySubject | null {
  const { document, importedUsers, assumptions } = usePanelStore(
    useShallow((s) => ({ document: selectJudged(s)?.document, importedUsers: s.importedUsers, assumptions: s.assumptions })),
  );
  return useMemo(() => (document ? identitySubject(document, importedUsers?.users ?? [], assumptions) : null), [document, importedUsers, assumptions]);
}
