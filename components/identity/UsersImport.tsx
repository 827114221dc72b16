/** The imported PF users list: what is loaded, which rows were skipped and why, and the file picker. */
import { useSyncExternalStore } from 'react';
import { importProgress } from '../../lib/extension-pages/usersImport';
import type { ImportedUsersSummary } from './useIdentityState';

/** A broken export can skip every one of a million rows; the first ones are enough to see why. */
const SKIPPED_SHOWN = 200;

export interface UsersImportProps {
  importedUsers: ImportedUsersSummary | null;
  onImportUsers(file: File): void;
  importError: string | null;
}

/** While a file is read (in the users worker): a bar of the share read and the rows so far. */
function ImportProgressBar() {
  const progress = useSyncExternalStore(importProgress.subscribe, importProgress.get);
  if (progress === null) return null;
  return (
    <p className="users-import__progress">
      <progress max={1} value={progress.fraction} aria-label="Reading PF users file" />{' '}
      <span role="status">{progress.rows.toLocaleString('en')} rows read</span>
    </p>
  );
}

export function UsersImport({ importedUsers, onImportUsers, importError }: UsersImportProps) {
  return (
    <div className="users-import">
      <ImportProgressBar />
      {importedUsers ? (
        <p>
          {importedUsers.count} PF user(s) from <span className="wrap">{importedUsers.fileName}</span>
        </p>
      ) : (
        <p className="empty-note">No PF users imported: only users the page set are known, so an existing PF user may look new.</p>
      )}
      {importedUsers && importedUsers.skipped.length > 0 && (
        <details>
          <summary>{importedUsers.skipped.length} row(s) skipped</summary>
          <ul className="users-import__skipped">
            {importedUsers.skipped.slice(0, SKIPPED_SHOWN).map((row) => (
              <li key={row.line}>
                line {row.line}: {row.reason}
              </li>
            ))}
          </ul>
          {importedUsers.skipped.length > SKIPPED_SHOWN && <p className="empty-note">and {importedUsers.skipped.length - SKIPPED_SHOWN} more</p>}
        </details>
      )}
      <label className="users-import__picker">
        Import PF users (CSV, JSON, NDJSON){' '}
        <input
          type="file"
          accept=".csv,.json,.ndjson,.jsonl,text/csv,application/json"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) onImportUsers(file);
            // Choosing the same file again (after fixing it) must fire change again.
            e.currentTarget.value = '';
          }}
        />
      </label>
      {importError && (
        <p className="users-import__error" role="alert">
          {importError}
          {importedUsers ? ' The previous list is still in use.' : ''}
        </p>
      )}
    </div>
  );
}
