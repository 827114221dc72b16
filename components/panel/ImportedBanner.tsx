/** Says which file the panel shows instead of the live capture, what redaction removed from it, and leads back to the live capture. */
import { redactionSummary } from '../../lib/extension-pages/redact';
import { usePanelStore } from './store';

function redactionText(summary: NonNullable<ReturnType<typeof redactionSummary>>, verdictsChanged: boolean): string {
  const emails = summary.pseudonyms === 1 ? '1 email address' : `${summary.pseudonyms} email addresses`;
  const values = summary.removedValues === 1 ? '1 value' : `${summary.removedValues} values`;
  return `Redacted: ${emails} replaced by stable pseudonyms (${verdictsChanged ? 'some verdicts changed: see the page findings' : 'verdicts unchanged'}); ${values} of traits and PF user fields removed.`;
}

export function ImportedBanner() {
  const imported = usePanelStore((s) => s.imported);
  const backToLive = usePanelStore((s) => s.backToLive);
  if (!imported) return null;
  const redaction = redactionSummary(imported.document);
  return (
    <div className="notice import-banner" role="status">
      <span>
        Imported <span className="wrap">{imported.fileName}</span> ({imported.kind === 'har' ? 'HAR' : 'session'}) — read-only
        {redaction && <span className="import-banner__redaction"> · {redactionText(redaction, imported.document.diagnostics.some((d) => d.code === 'redaction-changed-verdicts'))}</span>}
      </span>
      <button type="button" onClick={backToLive}>
        Back to live capture
      </button>
    </div>
  );
}
