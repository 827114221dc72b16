import { browser } from 'wxt/browser';
import { looksLikeEnvelope, PAGE_EVENT_NAME } from '@/lib/shared/pageChannel';

const MAX_ENVELOPES_PER_MESSAGE = 50;
const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

/**
 * Carries the page-world hook's envelopes to the background. It runs on the page's main thread,
 * so it only checks the tag and forwards the text: the background parses and validates every
 * envelope against the schema. One message is in flight at a time, so envelopes that arrive meanwhile travel together. A message
 * that gets no answer (the service worker was stopping) is sent again, as long as it takes; the background drops
 * batches it already has, so nothing is lost or counted twice.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  main(ctx) {
    const queue: string[] = [];
    let sending = false;

    async function pump(): Promise<void> {
      if (sending) return;
      sending = true;
      let failures = 0;
      while (queue.length > 0 && ctx.isValid) {
        const envelopes = queue.slice(0, MAX_ENVELOPES_PER_MESSAGE);
        try {
          const answer = (await browser.runtime.sendMessage({ type: 'capture:batch', envelopes })) as { ok?: boolean } | undefined;
          if (!answer?.ok) throw new Error('not accepted');
          queue.splice(0, envelopes.length);
          failures = 0;
        } catch {
          if (!ctx.isValid) break;
          // Keep trying, ever more slowly: the service worker comes back, and the batch must too.
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]));
        }
      }
      sending = false;
    }

    // While the page is being hidden or unloaded an answer may never come: what is queued and
    // every later envelope go out at once, in order, without waiting for one (the background
    // drops batches it already has).
    let leaving = false;
    const sendNow = (envelopes: string[]) => {
      browser.runtime.sendMessage({ type: 'capture:batch', envelopes }).catch(() => undefined);
    };
    const onLeave = () => {
      leaving = true;
      // a copy: pump still owns its in-flight slice and re-sends it if unanswered
      if (queue.length > 0) sendNow(queue.slice());
    };
    ctx.addEventListener(window, 'pagehide', onLeave, { capture: true });
    ctx.addEventListener(window, 'pageshow', () => { leaving = false; }, { capture: true });
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') onLeave();
      else leaving = false;
    }, { capture: true });

    ctx.addEventListener(window, PAGE_EVENT_NAME as keyof WindowEventMap, (event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (!looksLikeEnvelope(detail)) return;
      if (leaving) {
        sendNow([detail]);
        return;
      }
      queue.push(detail);
      void pump();
    });
  },
});
