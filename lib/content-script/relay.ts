/**
 * Carries the page-world hook's envelopes to the background. It runs on the page's main thread,
 * so it only checks the tag and forwards the text: the background parses and validates every
 * envelope against the schema. One message is in flight at a time, so envelopes that arrive
 * meanwhile travel together. A message that gets no answer (the service worker was stopping) is
 * sent again, as long as it takes; the background drops batches it already has, so nothing is
 * lost or counted twice.
 */
import { looksLikeEnvelope } from '../shared/pageChannel';
import type { ContentAnswers, ContentMessage, Send } from '../shared/messages';

export const MAX_ENVELOPES_PER_MESSAGE = 50;
const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

interface RelayOptions {
  send: Send<ContentMessage, ContentAnswers>;
  /** false once the extension was reloaded or removed: this script is then an orphan */
  isValid(): boolean;
  sleep?: (ms: number) => Promise<void>;
}

export function createRelay({ send, isValid, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)) }: RelayOptions) {
  const queue: string[] = [];
  let sending = false;
  let leaving = false;
  // While the page is being hidden or unloaded an answer may never come: what is queued and
  // every later envelope go out at once, in order, without waiting for one (the background
  // drops batches it already has).
  const sendNow = (envelopes: string[]) => void send({ type: 'capture:batch', envelopes }).catch(() => undefined);

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    let failures = 0;
    while (queue.length > 0 && isValid()) {
      const envelopes = queue.slice(0, MAX_ENVELOPES_PER_MESSAGE);
      try {
        const answer = await send({ type: 'capture:batch', envelopes });
        if (!answer?.ok) throw new Error('not accepted');
        queue.splice(0, envelopes.length);
        failures = 0;
      } catch {
        if (!isValid()) break;
        // Keep trying, ever more slowly: the service worker comes back, and the batch must too.
        await sleep(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]!);
      }
    }
    sending = false;
  }

  return {
    /** Takes one page event's `detail`; anything but an envelope's text is ignored. */
    receive(detail: unknown): Promise<void> {
      if (!looksLikeEnvelope(detail)) return Promise.resolve();
      if (leaving) {
        sendNow([detail]);
        return Promise.resolve();
      }
      queue.push(detail);
      return pump();
    },
    /** The page is being hidden or unloaded. */
    leave(): void {
      leaving = true;
      // a copy: pump still owns its in-flight slice and re-sends it if unanswered
      if (queue.length > 0) sendNow(queue.slice());
    },
    /** The page is shown again (back-forward cache, tab visible). */
    stay(): void {
      leaving = false;
    },
  };
}
