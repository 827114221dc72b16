/** Clear, preserve log, export (optionally redacted) and import: the session-level actions. */
import { useRef, useState } from 'react';

export interface SessionActionsProps {
  readOnly: boolean;
  onClear?: () => void;
  preserveLog?: boolean;
  onPreserveLogChange?: (value: boolean) => void;
  onExport?: (opts: { redact: boolean }) => void;
  onImport?: (file: File) => void;
  importError?: string | null;
}

export function SessionActions({ readOnly, onClear, preserveLog, onPreserveLogChange, onExport, onImport, importError }: SessionActionsProps) {
  const [redact, setRedact] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <div className="actions">
      {!readOnly && onClear && (
        <button type="button" onClick={onClear}>
          Clear
        </button>
      )}
      {!readOnly && onPreserveLogChange && (
        <label className="toggle">
          <input type="checkbox" checked={preserveLog ?? false} onChange={(e) => onPreserveLogChange(e.target.checked)} />
          Preserve log
        </label>
      )}
      {onExport && (
        <span className="actions__export">
          <button type="button" onClick={() => onExport({ redact })}>
            Export
          </button>
          <label className="toggle">
            <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} />
            redact emails and traits
          </label>
        </span>
      )}
      {onImport && (
        <>
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
              if (file) onImport(file);
              // Let the same file be picked again after fixing it.
              e.target.value = '';
            }}
          />
        </>
      )}
      {importError && (
        <span className="actions__error" role="alert">
          Import failed: {importError}
        </span>
      )}
    </div>
  );
}
