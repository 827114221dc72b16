/**
 * The imported PF users list: who is known, which rows were skipped and why, and the file picker;
 * when a CSV's headers name no username or email column, the columns to pick from its first row.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { importProgress } from '../../lib/extension-pages/usersImport';
import { NO_COLUMNS, type UserColumns } from '../../lib/shared/identity/importUsers';
import { show } from '../../lib/shared/identity/describe';
import type { ImportedUsersSummary } from './useIdentityState';

/** A broken export can skip every one of a million rows; the first ones are enough to see why. */
const SKIPPED_SHOWN = 200;

export interface UsersImportProps {
  importedUsers: ImportedUsersSummary | null;
  onImportUsers(file: File, columns?: UserColumns): void;
  importError: string | null;
}

/** The header cells of a CSV's first line (delimiter as the parser reads it). */
async function headerCells(file: File): Promise<string[]> {
  const head = (await file.slice(0, 65536).text()).replace(/^\uFEFF/, '');
  const line = head.split(/\r?\n/)[0] ?? '';
  const delimiter = line.split(';').length > line.split(',').length ? ';' : ',';
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')).filter((cell) => cell !== '');
}

function ColumnPicker({ file, onImport }: { file: File; onImport(columns: UserColumns): void }) {
  const [headers, setHeaders] = useState<string[] | null>(null);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  useEffect(() => {
    let live = true;
    void headerCells(file).then((cells) => live && setHeaders(cells));
    return () => {
      live = false;
    };
  }, [file]);
  if (!headers || headers.length === 0) return null;
  const select = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">(none)</option>
        {headers.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="users-import__columns">
      <legend>Pick the columns of {file.name}</legend>
      {select('PF username column', username, setUsername)}
      {select('Email column', email, setEmail)}
      <button type="button" disabled={username === '' && email === ''} onClick={() => onImport({ username: username || null, email: email || null })}>
        Import with these columns
      </button>
    </fieldset>
  );
}

function KnownList({ users }: { users: ImportedUsersSummary }) {
  return (
    <details className="users-import__known">
      <summary>Who is known</summary>
      <ul aria-label="Imported PF users">
        {users.known.map((user) => (
          <li key={user.line}>
            username <code>{show(user.username)}</code>, email <code>{show(user.email)}</code>
          </li>
        ))}
      </ul>
      {users.count > users.known.length && <p className="empty-note">and {users.count - users.known.length} more</p>}
    </details>
  );
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
  const [lastFile, setLastFile] = useState<File | null>(null);
  const pickColumns = lastFile !== null && importError !== null && importError.includes(NO_COLUMNS);
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
      {importedUsers && importedUsers.known.length > 0 && <KnownList users={importedUsers} />}
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
            if (file) {
              setLastFile(file);
              onImportUsers(file);
            }
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
      {pickColumns && <ColumnPicker file={lastFile} onImport={(columns) => onImportUsers(lastFile, columns)} />}
    </div>
  );
}
