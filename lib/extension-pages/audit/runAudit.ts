/**
 * Starts an audit in the audit worker (in-thread where `Worker` does not exist, as in tests) and
 * forwards its progress. Resolves with the result or rejects with a message fit to show as is.
 */
import { auditFiles, ResultAssembler, type AuditProgress, type AuditReply, type AuditRequest } from '../../shared/audit/auditFile';
import type { AuditResult } from '../../shared/audit/auditResult';

export function runAudit(request: AuditRequest, onProgress: (p: AuditProgress) => void): Promise<AuditResult> {
  return new Promise((resolve, reject) => {
    const pieces = new ResultAssembler();
    const handle = (reply: AuditReply) => {
      if ('progress' in reply) onProgress(reply.progress);
      else if ('error' in reply) reject(new Error(reply.error));
      else {
        const result = pieces.take(reply);
        if (result) resolve(result);
      }
    };
    if (typeof Worker === 'undefined') {
      void auditFiles(request, handle);
      return;
    }
    const worker = new Worker(new URL('../../audit-worker/auditWorker.ts', import.meta.url), { type: 'module' });
    // The worker closes itself after its last reply (see auditWorker.ts).
    worker.onmessage = (message: MessageEvent<AuditReply>) => handle(message.data);
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`The audit stopped unexpectedly: ${event.message || 'worker error'}`));
    };
    worker.postMessage(request);
  });
}

export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Chrome can cancel a download whose blob URL is revoked in the same task.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
