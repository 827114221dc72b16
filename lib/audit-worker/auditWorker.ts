/** Module worker: audits a whole user base off the diagnose page's thread, reporting progress. */
import { auditFiles, type AuditRequest } from '../shared/audit/auditFile';

self.onmessage = (message: MessageEvent<AuditRequest>) => {
  void auditFiles(message.data, (reply) => self.postMessage(reply));
};
