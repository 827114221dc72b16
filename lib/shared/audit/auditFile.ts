/**
 * Runs an audit over a browser File (in the audit worker, or in-thread where no Worker exists):
 * the events file is streamed chunk by chunk and cut into lines, so a file larger than memory
 * allows as one string can still be read; progress is reported as bytes and rows. The result
 * goes back in pieces of at most PIECE examples: receiving thousands of examples in one message
 * was one long task on the page's thread; each piece is a short one.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import { parsePfUsers } from '../identity/importUsers';
import { AuditRun } from './auditRun';
import { CLASSIFICATIONS, type AuditExample, type AuditPfUser, type AuditResult, type Classification } from './auditResult';

export interface AuditProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export type AuditReply =
  | { progress: AuditProgress }
  /** the result without its examples and unreached PF users, which follow as pieces */
  | { result: AuditResult }
  | { examples: { classification: Classification; items: AuditExample[] } }
  | { unreached: AuditPfUser[] }
  | { done: true }
  | { error: string };

const PIECE = 250;

function reportResult(result: AuditResult, report: (reply: AuditReply) => void): void {
  report({ result: { ...result, examples: { split: [], wrongUser: [], merged: [], newUser: [], samePerson: [] }, unreachedPfUsers: [] } });
  for (const classification of CLASSIFICATIONS) {
    const all = result.examples[classification];
    for (let at = 0; at < all.length; at += PIECE) report({ examples: { classification, items: all.slice(at, at + PIECE) } });
  }
  for (let at = 0; at < result.unreachedPfUsers.length; at += PIECE) report({ unreached: result.unreachedPfUsers.slice(at, at + PIECE) });
  report({ done: true });
}

/** Puts the pieces of `reportResult` back together; returns the result once `done` arrives. */
export class ResultAssembler {
  private result: AuditResult | null = null;

  /** Takes a reply that is part of a result; returns the whole result on the last piece. */
  take(reply: AuditReply): AuditResult | null {
    if ('result' in reply) this.result = reply.result;
    else if ('examples' in reply) this.result?.examples[reply.examples.classification].push(...reply.examples.items);
    else if ('unreached' in reply) this.result?.unreachedPfUsers.push(...reply.unreached);
    else if ('done' in reply) return this.result;
    return null;
  }
}

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
    let bytes = 0;
    let last = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Decoded length approximates bytes closely enough for a progress bar.
      bytes += value.length;
      run.text(value);
      const now = Date.now();
      if (now - last > 100) {
        last = now;
        report({ progress: { rows: run.rows, bytes: Math.min(bytes, events.size), totalBytes: events.size } });
      }
    }
    run.end();
    report({ progress: { rows: run.rows, bytes: events.size, totalBytes: events.size } });
    reportResult(run.result({ examples: request.examples ?? 1000 }), report);
  } catch (error) {
    report({ error: (error as Error).message });
  }
}
