import { browser } from 'wxt/browser';
import { createRelay } from '@/lib/content-script/relay';
import { PAGE_EVENT_NAME } from '@/lib/shared/pageChannel';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  main(ctx) {
    const relay = createRelay({ send: (message) => browser.runtime.sendMessage(message), isValid: () => ctx.isValid });
    ctx.addEventListener(window, 'pagehide', () => relay.leave(), { capture: true });
    ctx.addEventListener(window, 'pageshow', () => relay.stay(), { capture: true });
    ctx.addEventListener(document, 'visibilitychange', () => (document.visibilityState === 'hidden' ? relay.leave() : relay.stay()), { capture: true });
    ctx.addEventListener(window, PAGE_EVENT_NAME, (event) => void relay.receive(event.detail));
  },
});
