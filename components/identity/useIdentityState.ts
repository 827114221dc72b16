/**
 * What the support engineer changed about the identity check: the imported PF users list, the
 * assumptions, and the last import error. The captured document stays as the background built it;
 * `useRejudged` derives the judged copy, and only when something differs from the defaults.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { DEFAULT_ASSUMPTIONS, isDefaultAssumptions, type IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import type { ImportedPfUser, PfUsersFormat, SkippedRow } from '../../lib/shared/identity/importUsers';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { importUsersFile } from '../../lib/extension-pages/usersImport';

export interface ImportedUsersList {
  users: ImportedPfUser[];
  skipped: SkippedRow[];
  format: PfUsersFormat;
  fileName: string;
}

/** What the views show about the list (IdentityOverview's `importedUsers` prop). */
export interface ImportedUsersSummary {
  count: number;
  fileName: string;
  skipped: SkippedRow[];
}

export interface IdentityState {
  importedUsers: ImportedUsersList | null;
  assumptions: IdentityAssumptions;
  importError: string | null;
  setAssumptions(assumptions: IdentityAssumptions): void;
  /** Replaces the list on success; on failure sets importError and keeps the previous list. */
  importUsers(file: File): Promise<void>;
}

export function usersSummary(list: ImportedUsersList | null): ImportedUsersSummary | null {
  return list && { count: list.users.length, fileName: list.fileName, skipped: list.skipped };
}

export function useIdentityState(): IdentityState {
  const [importedUsers, setImportedUsers] = useState<ImportedUsersList | null>(null);
  const [assumptions, setAssumptions] = useState<IdentityAssumptions>(DEFAULT_ASSUMPTIONS);
  const [importError, setImportError] = useState<string | null>(null);
  // Only the file chosen last may land, however long an earlier parse takes.
  const latestImport = useRef(0);

  const importUsers = useCallback(async (file: File) => {
    const ticket = ++latestImport.current;
    try {
      const parsed = await importUsersFile(file);
      if (ticket !== latestImport.current) return;
      setImportedUsers({ ...parsed, fileName: file.name });
      setImportError(null);
    } catch (error) {
      if (ticket === latestImport.current) setImportError((error as Error).message);
    }
  }, []);

  return { importedUsers, assumptions, importError, setAssumptions, importUsers };
}

export function useRejudged(
  baseDoc: SessionDocument,
  baseStatus: SessionStatus,
  { importedUsers, assumptions }: Pick<IdentityState, 'importedUsers' | 'assumptions'>,
): { document: SessionDocument; status: SessionStatus } {
  return useMemo(() => {
    if (importedUsers === null && isDefaultAssumptions(assumptions)) return { document: baseDoc, status: baseStatus };
    return rejudgeDocument(baseDoc, importedUsers?.users ?? [], assumptions);
  }, [baseDoc, baseStatus, importedUsers, assumptions]);
}
