/** Says which file the panel shows instead of the live capture, and leads back to it. */
import { usePanelStore } from './store';

export function ImportedBanner() {
  const imported = usePanelStore((s) => s.imported);
  const backToLive = usePanelStore((s) => s.backToLive);
  if (!imported) return null;
  return (
    <div className="notice import-banner" role="status">
      <span>
        Imported <span className="wrap">{imported.fileName}</span> ({imported.kind === 'har' ? 'HAR' : 'session'}) — read-only
      </span>
      <button type="button" onClick={backToLive}>
        Back to live capture
      </button>
    </div>
  );
}
