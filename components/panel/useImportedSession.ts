/**
 * A session file or HAR opened in the panel. A file that does not parse leaves whatever was shown
 * (the live capture or the previous import) in place and says why.
 */
import { useCallback, useRef, useState } from 'react';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import { parseImportFile, type ImportedSession } from '../../lib/extension-pages/importFile';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { SessionDocument } from '../../lib/shared/session/schema';

export interface ImportedSessionFile {
  fileName: string;
  kind: ImportedSession['kind'];
  document: SessionDocument;
  /** the light under the default assumptions, as the background would give it */
  status: SessionStatus;
}

export interface ImportedSessionState {
  imported: ImportedSessionFile | null;
  importError: string | null;
  importFile(file: File): Promise<void>;
  backToLive(): void;
}

export function useImportedSession(): ImportedSessionState {
  const [imported, setImported] = useState<ImportedSessionFile | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  // Only the file chosen last may land, however long an earlier one takes to read.
  const latest = useRef(0);

  const importFile = useCallback(async (file: File) => {
    const ticket = ++latest.current;
    try {
      const { kind, document } = parseImportFile(await file.text());
      // A file carries verdicts but no light; judging it as the background does gives one.
      const { status } = rejudgeDocument(document, [], DEFAULT_ASSUMPTIONS);
      if (ticket !== latest.current) return;
      setImported({ fileName: file.name, kind, document, status });
      setImportError(null);
    } catch (error) {
      if (ticket === latest.current) setImportError(`${file.name}: ${(error as Error).message}`);
    }
  }, []);

  const backToLive = useCallback(() => {
    latest.current++;
    setImported(null);
    setImportError(null);
  }, []);

  return { imported, importError, importFile, backToLive };
}
