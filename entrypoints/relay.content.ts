import { browser } from 'wxt/browser';
import { PAGE_EVENT_NAME, parseEnvelope, type CaptureEnvelope } from '@/lib/protocol';

const MAX_ENVELOPES_PER_MESSAGE = 50;
const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

/**
 * Carries the page-world hook's envelopes to the background. Every envelope is validated; one
 * message is in flight at a time, so envelopes that arrive meanwhile travel together. A message
 * that gets no answer (the service worker was stopping) is sent again, as long as it takes; the background drops
 * batches it already has, so nothing is lost or counted twice.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  main(ctx) {
    const queue: CaptureEnvelope[] = [];
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

    ctx.addEventListener(window, PAGE_EVENT_NAME as keyof WindowEventMap, (event) => {
      const envelope = parseEnvelope((event as CustomEvent<unknown>).detail);
      if (!envelope) return;
      queue.push(envelope);
      void pump();
    });
  },
});
