/**
 * Runs an audit over a browser File (in the audit worker, or in-thread where no Worker exists):
 * the events file is streamed chunk by chunk and cut into lines, so a file larger than memory
 * allows as one string can still be read; progress is reported as bytes and rows.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import { parsePfUsers } from '../identity/importUsers';
import { AuditRun } from './auditRun';
import type { AuditResult } from './auditResult';

export interface AuditProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export type AuditReply = { progress: AuditProgress } | { result: AuditResult } | { error: string };

export interface AuditRequest {
  events: File;
  users: File;
  assumptions: IdentityAssumptions;
  examples?: number;
}

export async function auditFiles(request: AuditRequest, report: (reply: AuditReply) => void): Promise<void> {
  const { events, users, assumptions } = request;
  try {
    const parsedUsers = parsePfUsers(await users.text(), users.name);
    const run = new AuditRun(parsedUsers, assumptions, { events: events.name, users: users.name });
    const reader = events.stream().pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    let bytes = 0;
    let last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Decoded length approximates bytes closely enough for a progress bar.
      bytes += value.length;
      const lines = (rest + value).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) run.line(line.endsWith('\r') ? line.slice(0, -1) : line);
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        report({ progress: { rows: run.rows, bytes: Math.min(bytes, events.size), totalBytes: events.size } });
      }
    }
    if (rest !== '') run.line(rest);
    run.end();
    report({ progress: { rows: run.rows, bytes: events.size, totalBytes: events.size } });
    report({ result: run.result({ examples: request.examples ?? 1000 }) });
  } catch (error) {
    report({ error: (error as Error).message });
  }
}
