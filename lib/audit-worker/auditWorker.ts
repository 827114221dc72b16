/**
 * Module worker: audits a whole user base off the diagnose page's thread, reporting progress.
 * It closes itself after the last reply: a page-side terminate() of a worker holding a million
 * users' heap showed up as a long task on the page.
 */
import { auditFiles, type AuditRequest } from '../shared/audit/auditFile';

self.onmessage = (message: MessageEvent<AuditRequest>) => {
  void auditFiles(message.data, (reply) => self.postMessage(reply)).then(() => self.close());
};
