/**
 * Reading a session file or HAR to show in the panel instead of the live capture. A file that
 * does not parse throws with the file's name in the message; the store keeps whatever was shown.
 */
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { ImportedSession } from '../../lib/extension-pages/importFile';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { SessionDocument } from '../../lib/shared/session/schema';

export interface ImportedSessionFile {
  fileName: string;
  kind: ImportedSession['kind'];
  document: SessionDocument;
  /** the light under the default assumptions, as the background would give it */
  status: SessionStatus;
}

export async function readSessionFile(file: File): Promise<ImportedSessionFile> {
  try {
    // The file and HAR readers load with the first import, not with the panel.
    const { parseImportFile } = await import('../../lib/extension-pages/importFile');
    const { kind, document } = parseImportFile(await file.text());
    // A file carries verdicts but no light; judging it as the background does gives one.
    const { status } = rejudgeDocument(document, [], DEFAULT_ASSUMPTIONS);
    return { fileName: file.name, kind, document, status };
  } catch (error) {
    throw new Error(`${file.name}: ${(error as Error).message}`, { cause: error });
  }
}
