import { browser } from 'wxt/browser';
import type { Messenger } from '@/lib/extension-pages/sessionClient';
import type { PageMessage } from '@/lib/shared/messages';

/** `runtime.sendMessage` answers whatever the background's handler for the message returned. */
function send(message: PageMessage) {
  return browser.runtime.sendMessage(message);
}

export const browserMessenger: Messenger = {
  send,
  onMessage(listener) {
    const handler = (message: unknown) => {
      listener(message);
    };
    browser.runtime.onMessage.addListener(handler);
    return () => browser.runtime.onMessage.removeListener(handler);
  },
};
