/**
 * Saves a session file through a temporary <a download>: extension pages may download their own
 * blob URLs, so the extension needs no `downloads` permission.
 */
import { exportFileName } from './importFile';
import { redactForExport } from './redact';
import type { SessionDocument } from '../shared/session/schema';

/** Chrome can cancel a download whose blob URL is revoked in the same task. */
const REVOKE_AFTER_MS = 10_000;

export function downloadSession(doc: SessionDocument, { redact }: { redact: boolean }, now = new Date()): void {
  const exported = { ...doc, exportedAt: now.toISOString() };
  const blob = new Blob([JSON.stringify(redact ? redactForExport(exported).document : exported, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(doc, now);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
