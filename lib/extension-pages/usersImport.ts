/**
 * Imports a PF users file for the identity check. Parsing and indexing run in a module worker so
 * a large export does not freeze the panel; where `Worker` does not exist (tests) they run
 * in-thread. Progress (rows read) is published for the import view while a file is read.
 * Rejects with a message fit to show as is; the caller keeps whatever list it had.
 */
import type { IndexedPfUsers, UserColumns } from '../shared/identity/importUsers';
import { ImportedUsers } from '../shared/identity/importedUsers';
import { readUsersFile, type ImportProgressInfo, type UsersReply, type UsersRequest, type WorkerReply } from '../shared/identity/parseUsersFile';

let progress: ImportProgressInfo | null = null;
const listeners = new Set<() => void>();

function setProgress(next: ImportProgressInfo | null): void {
  progress = next;
  for (const listener of listeners) listener();
}

/** The running import's progress (null when none runs), for useSyncExternalStore. */
export const importProgress = {
  get: (): ImportProgressInfo | null => progress,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

function parseInWorker(file: File, columns: UserColumns | undefined): Promise<UsersReply> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('../users-worker/usersWorker.ts', import.meta.url), { type: 'module' });
    const finish = (reply: UsersReply) => {
      worker.terminate();
      resolve(reply);
    };
    worker.onmessage = (message: MessageEvent<WorkerReply>) => {
      const reply = message.data;
      if ('progress' in reply) setProgress(reply.progress);
      else if ('error' in reply) finish(reply);
      else finish({ ...reply, users: reply.users instanceof ImportedUsers ? reply.users : new ImportedUsers(reply.users) });
    };
    worker.onerror = (event) => finish({ error: `Could not parse ${file.name}: ${event.message || 'the parser stopped unexpectedly'}` });
    worker.postMessage({ file, columns } satisfies UsersRequest);
  });
}

/** A list where every row was skipped would silently replace a good one, so it is an error. */
function noUsersError(file: File, parsed: IndexedPfUsers): string {
  const [first] = parsed.skipped;
  const example = first ? ` (first: line ${first.line}, ${first.reason})` : '';
  return `No PF users in ${file.name}: ${parsed.skipped.length} row(s) skipped${example}.`;
}

export async function importUsersFile(file: File, columns?: UserColumns): Promise<IndexedPfUsers> {
  setProgress({ rows: 0, fraction: 0 });
  try {
    const reply = typeof Worker === 'undefined' ? await readUsersFile(file, undefined, columns) : await parseInWorker(file, columns);
    if ('error' in reply) throw new Error(reply.error);
    if (reply.users.size === 0) throw new Error(noUsersError(file, reply));
    return reply;
  } finally {
    setProgress(null);
  }
}
