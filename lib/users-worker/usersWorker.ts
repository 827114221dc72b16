/**
 * Module worker: parses and indexes an imported PF users file (up to a million rows) off the UI
 * thread, reporting rows read at most every 100 ms, and hands the page the indexed columns by
 * transfer (a few strings and typed arrays, nothing per row to clone).
 */
import { readUsersFile, type UsersRequest, type WorkerReply } from '../shared/identity/parseUsersFile';

const PROGRESS_MS = 100;

self.onmessage = async (message: MessageEvent<UsersRequest>) => {
  let last = 0;
  const { file, columns } = message.data;
  const reply: WorkerReply = await readUsersFile(file, (rows, fraction) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    self.postMessage({ progress: { rows, fraction } } satisfies WorkerReply);
  }, columns);
  if ('users' in reply) self.postMessage({ ...reply, users: reply.users.data }, { transfer: reply.users.transferables() });
  else self.postMessage(reply);
};
