import { browser } from 'wxt/browser';
import type { Messenger } from '@/lib/extension-pages/sessionClient';

export const browserMessenger: Messenger = {
  send: (message) => browser.runtime.sendMessage(message),
  onMessage(listener) {
    const handler = (message: unknown) => {
      listener(message);
    };
    browser.runtime.onMessage.addListener(handler);
    return () => browser.runtime.onMessage.removeListener(handler);
  },
};
