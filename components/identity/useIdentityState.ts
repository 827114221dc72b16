/**
 * What the support engineer changed about the identity check: the imported PF users list, the
 * assumptions, and the last import error. It is one slice of state: the panel store includes it,
 * the diagnose page keeps a store of just this slice. The captured document stays as the
 * background built it; `judgedWith` derives the judged copy, and only when something differs
 * from the defaults.
 */
import { useState } from 'react';
import { createStore, useStore } from 'zustand';
import { DEFAULT_ASSUMPTIONS, isDefaultAssumptions, type IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import type { ImportedPfUser, PfUsersFormat, SkippedRow, UserColumns } from '../../lib/shared/identity/importUsers';
import { importedCount, importedUsersOf, type ImportedUsersInput } from '../../lib/shared/identity/importedUsers';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { SessionDocument } from '../../lib/shared/session/schema';
import type { WhatIfValues } from '../../lib/extension-pages/identity/whatIf';

export interface ImportedUsersList {
  users: ImportedUsersInput;
  skipped: SkippedRow[];
  format: PfUsersFormat;
  fileName: string;
}

/** What the views show about the list (IdentityOverview's `importedUsers` prop). */
export interface ImportedUsersSummary {
  count: number;
  fileName: string;
  skipped: SkippedRow[];
  /** who is known: the first rows of the list */
  known: ImportedPfUser[];
}

/** Rows listed by name; the rest are counted (a list can hold a million). */
export const KNOWN_SHOWN = 100;

export interface IdentityState {
  importedUsers: ImportedUsersList | null;
  assumptions: IdentityAssumptions;
  importError: string | null;
  /** the what-if editor's values once edited; null while it follows the session */
  whatIf: WhatIfValues | null;
  setWhatIf(values: WhatIfValues | null): void;
  setAssumptions(assumptions: IdentityAssumptions): void;
  /** Replaces the list on success; on failure sets importError and keeps the previous list. */
  importUsers(file: File, columns?: UserColumns): Promise<void>;
}

/** The identity slice, for any store whose state includes it. */
export function createIdentitySlice(set: (partial: Partial<IdentityState>) => void): IdentityState {
  // Only the file chosen last may land, however long an earlier parse takes.
  let latestImport = 0;
  return {
    importedUsers: null,
    assumptions: DEFAULT_ASSUMPTIONS,
    importError: null,
    whatIf: null,
    setWhatIf: (whatIf) => set({ whatIf }),
    setAssumptions: (assumptions) => set({ assumptions }),
    importUsers: async (file, columns) => {
      const ticket = ++latestImport;
      try {
        // The CSV parser loads with the first import: a panel that never imports never pays for it.
        const { importUsersFile } = await import('../../lib/extension-pages/usersImport');
        const parsed = await importUsersFile(file, columns);
        if (ticket === latestImport) set({ importedUsers: { ...parsed, fileName: file.name }, importError: null });
      } catch (error) {
        if (ticket === latestImport) set({ importError: (error as Error).message });
      }
    },
  };
}

export function createIdentityStore() {
  return createStore<IdentityState>()((set) => createIdentitySlice(set));
}

/** A page with identity controls and nothing else (the diagnose page): a store of this slice alone. */
export function useIdentityState(): IdentityState {
  const [store] = useState(createIdentityStore);
  return useStore(store);
}

export function usersSummary(list: ImportedUsersList | null): ImportedUsersSummary | null {
  if (!list) return null;
  const count = importedCount(list.users);
  const rows = importedUsersOf(list.users);
  const known = Array.from({ length: Math.min(count, KNOWN_SHOWN) }, (_, row) => rows.user(row));
  return { count, fileName: list.fileName, skipped: list.skipped, known };
}

export interface JudgedSession {
  document: SessionDocument;
  status: SessionStatus;
}

interface JudgedEntry {
  importedUsers: ImportedUsersList | null;
  assumptions: IdentityAssumptions;
  judged: JudgedSession;
}

// Keyed by the base document: a selector may run on every store change, rejudging must not.
const judgedCache = new WeakMap<SessionDocument, JudgedEntry>();

/**
 * `base` judged again with the identity controls; the same object back while nothing differs
 * from the defaults, and the same result while its inputs are the same (selector-safe).
 */
export function judgedWith(base: JudgedSession, { importedUsers, assumptions }: Pick<IdentityState, 'importedUsers' | 'assumptions'>): JudgedSession {
  if (importedUsers === null && isDefaultAssumptions(assumptions)) return base;
  const cached = judgedCache.get(base.document);
  if (cached && cached.importedUsers === importedUsers && cached.assumptions === assumptions) return cached.judged;
  const judged = rejudgeDocument(base.document, importedUsers?.users ?? [], assumptions);
  judgedCache.set(base.document, { importedUsers, assumptions, judged });
  return judged;
}
