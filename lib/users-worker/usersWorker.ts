/** Module worker: parses an imported PF users file (up to a million rows) off the UI thread. */
import { parseUsersFile } from '../shared/identity/parseUsersFile';

self.onmessage = async (message: MessageEvent<File>) => {
  self.postMessage(await parseUsersFile(message.data));
};
