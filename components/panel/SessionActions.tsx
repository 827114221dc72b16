/** Clear, preserve log, export (optionally redacted) and import: the session-level actions, all store actions. */
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectReadOnly, usePanelStore } from './store';

export function SessionActions() {
  const { readOnly, preserveLog, importError, clear, setPreserveLog, exportSession, importSessionFile } = usePanelStore(
    useShallow((s) => ({
      readOnly: selectReadOnly(s),
      preserveLog: s.preserveLog,
      importError: s.sessionImportError,
      clear: s.clear,
      setPreserveLog: s.setPreserveLog,
      exportSession: s.exportSession,
      importSessionFile: s.importSessionFile,
    })),
  );
  const [redact, setRedact] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <div className="actions">
      {!readOnly && (
        <button type="button" onClick={clear}>
          Clear
        </button>
      )}
      {!readOnly && (
        <label className="toggle">
          <input type="checkbox" checked={preserveLog} onChange={(e) => setPreserveLog(e.target.checked)} />
          Preserve log
        </label>
      )}
      <span className="actions__export">
        <button type="button" onClick={() => exportSession({ redact })}>
          Export
        </button>
        <label className="toggle">
          <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} />
          redact emails and traits
        </label>
      </span>
      <button type="button" onClick={() => fileRef.current?.click()}>
        Import…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Import session file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importSessionFile(file);
          // Let the same file be picked again after fixing it.
          e.target.value = '';
        }}
      />
      {importError && (
        <span className="actions__error" role="alert">
          Import failed: {importError}
        </span>
      )}
    </div>
  );
}
