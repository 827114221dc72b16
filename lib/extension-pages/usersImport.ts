/**
 * Imports a PF users file for the identity check. Parsing runs in a module worker so a large
 * export does not freeze the panel; where `Worker` does not exist (tests) it runs in-thread.
 * Rejects with a message fit to show as is; the caller keeps whatever list it had.
 */
import type { ParsedPfUsers } from '../shared/identity/importUsers';
import { parseUsersFile, type UsersReply } from '../shared/identity/parseUsersFile';

function parseInWorker(file: File): Promise<UsersReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../users-worker/usersWorker.ts', import.meta.url), { type: 'module' });
    const finish = (reply: UsersReply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (message: MessageEvent<UsersReply>) => finish(message.data);
    worker.onerror = (event) => finish({ error: `Could not parse ${file.name}: ${event.message || 'the parser stopped unexpectedly'}` });
    worker.postMessage(file);
  });
}

/** A list where every row was skipped would silently replace a good one, so it is an error. */
function noUsersError(file: File, parsed: ParsedPfUsers): string {
  const [first] = parsed.skipped;
  const example = first ? ` (first: line ${first.line}, ${first.reason})` : '';
  return `No PF users in ${file.name}: ${parsed.skipped.length} row(s) skipped${example}.`;
}

export async function importUsersFile(file: File): Promise<ParsedPfUsers> {
  const reply = typeof Worker === 'undefined' ? await parseUsersFile(file) : await parseInWorker(file);
  if ('error' in reply) throw new Error(reply.error);
  if (reply.users.length === 0) throw new Error(noUsersError(file, reply));
  return reply;
}
