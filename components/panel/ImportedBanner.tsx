/** Says which file the panel shows instead of the live capture, and leads back to it. */
import type { ImportedSessionFile } from './useImportedSession';

export function ImportedBanner({ imported, onBack }: { imported: Pick<ImportedSessionFile, 'fileName' | 'kind'>; onBack(): void }) {
  return (
    <div className="notice import-banner" role="status">
      <span>
        Imported <span className="wrap">{imported.fileName}</span> ({imported.kind === 'har' ? 'HAR' : 'session'}) — read-only
      </span>
      <button type="button" onClick={onBack}>
        Back to live capture
      </button>
    </div>
  );
}
