/**
 * Carries the page-world hook's envelopes to the background. It runs on the page's main thread,
 * so it only checks the tag and forwards the text: the background parses and validates every
 * envelope against the schema. One message is in flight at a time, so envelopes that arrive
 * meanwhile travel together, up to a character budget that keeps a message well under Chrome's
 * 64 MiB cap. A message that gets no answer (the service worker was stopping) is sent again, as
 * long as it takes; each envelope carries this relay's sequence number (made here, in the
 * isolated world, where the page cannot read or forge it), so the background drops what it
 * already has and nothing is lost or counted twice. An envelope too large for any message is
 * dropped here and its count sent along, never retried forever.
 */
import { MAX_ENVELOPE_CHARS, looksLikeEnvelope } from '../shared/pageChannel';
import type { ContentAnswers, ContentMessage, Send } from '../shared/messages';

export const MAX_ENVELOPES_PER_MESSAGE = 50;
/** UTF-16 units per message: JSON escaping and UTF-8 at most triple it, still under 64 MiB. */
export const MAX_MESSAGE_CHARS = MAX_ENVELOPE_CHARS;
const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000];

/**
 * What one document may send: a hostile page can dispatch hundreds of thousands of envelopes a
 * second, which would keep the background busy for minutes and delay every other tab. The hook
 * itself sends a few envelopes a second, each up to 1,000 records. But a page that makes thousands
 * of calls a second sends megabytes of envelope text, and its flushes bunch up: a 30,000-call fill
 * put 14.8 MiB into one second while its average was about 5 MiB/s. So characters are a bucket that
 * holds `charsBurst` and refills at `charsPerSecond`: bunching passes, a sustained flood gets the
 * rate. Past either budget, envelopes are dropped here and counted (`refused`).
 */
export const FLOOD_BUDGET = { envelopesPerSecond: 1000, charsPerSecond: 16 * 1024 * 1024, charsBurst: 64 * 1024 * 1024 } as const;

/**
 * A message carrying only refusals waits until this long after the previous message: a flood's
 * refusals then travel four times a second, not once per answer, each of which costs the
 * background a storage write while other tabs wait.
 */
export const REFUSALS_EVERY_MS = 250;

/** `admit` says whether one more envelope of `size` characters fits: envelopes per one-second window, characters by the bucket. */
export function createRateBudget(now: () => number, budget: { envelopesPerSecond: number; charsPerSecond: number; charsBurst: number } = FLOOD_BUDGET) {
  let windowStart = -Infinity;
  let envelopes = 0;
  let chars: number = budget.charsBurst;
  let filledAt: number | null = null;
  return {
    admit(size: number): boolean {
      const t = now();
      if (t - windowStart >= 1000) {
        windowStart = t;
        envelopes = 0;
      }
      if (filledAt !== null) chars = Math.min(budget.charsBurst, chars + ((t - filledAt) / 1000) * budget.charsPerSecond);
      filledAt = t;
      if (envelopes + 1 > budget.envelopesPerSecond || size > chars) return false;
      envelopes++;
      chars -= size;
      return true;
    },
  };
}

interface RelayOptions {
  send: Send<ContentMessage, ContentAnswers>;
  /** false once the extension was reloaded or removed: this script is then an orphan */
  isValid(): boolean;
  sleep?: (ms: number) => Promise<void>;
  /** this relay's id; random by default */
  id?: string;
  /** the clock of the flood budget */
  now?: () => number;
}

/** A message Chrome or Firefox refused for its size will be refused again: do not retry it. */
function isTooLarge(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error);
  // A storage quota the background ran into is "exceeded" too, but passes: that message is retried.
  return /length|too large|exceed/i.test(text) && !/quota/i.test(text);
}

export function createRelay({ send, isValid, sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)), id = crypto.randomUUID(), now = () => Date.now() }: RelayOptions) {
  const queue: { seq: number; text: string }[] = [];
  const budget = createRateBudget(now);
  let nextSeq = 0;
  let refused = 0;
  let sending = false;
  let lastSent = -Infinity;
  let leaving = false;
  // While the page is being hidden or unloaded an answer may never come: what is queued and
  // every later envelope go out at once, in order, without waiting for one (the background
  // drops batches it already has).
  // An orphaned relay (the extension reloaded) sends nothing: Chrome's own sendMessage then throws
  // at once, from inside the page's pagehide, rather than rejecting.
  const sendNow = (entries: readonly { seq: number; text: string }[]) => {
    if (entries.length === 0 || !isValid()) return;
    try {
      void send({ type: 'capture:batch', relay: id, first: entries[0]!.seq, envelopes: entries.map((e) => e.text) }).catch(() => undefined);
    } catch {
      // refused at once while the page goes: nothing the page should see
    }
  };

  function nextMessage(): { envelopes: string[]; first: number } {
    const envelopes: string[] = [];
    let chars = 0;
    for (const entry of queue) {
      if (envelopes.length >= MAX_ENVELOPES_PER_MESSAGE || (envelopes.length > 0 && chars + entry.text.length > MAX_MESSAGE_CHARS)) break;
      envelopes.push(entry.text);
      chars += entry.text.length;
    }
    return { envelopes, first: queue[0]?.seq ?? nextSeq };
  }

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    let failures = 0;
    while ((queue.length > 0 || refused > 0) && isValid()) {
      if (queue.length === 0) {
        const wait = lastSent + REFUSALS_EVERY_MS - now();
        if (wait > 0) await sleep(wait);
        if (!isValid()) break;
      }
      lastSent = now();
      const { envelopes, first } = nextMessage();
      const message: ContentMessage = { type: 'capture:batch', relay: id, first, envelopes, ...(refused ? { refused } : {}) };
      try {
        const answer = await send(message);
        if (!answer?.ok) throw new Error('not accepted');
        queue.splice(0, envelopes.length);
        refused -= message.refused ?? 0;
        failures = 0;
      } catch (error) {
        if (!isValid()) break;
        if (isTooLarge(error)) {
          queue.splice(0, envelopes.length);
          refused += envelopes.length;
          continue;
        }
        // Keep trying, ever more slowly: the service worker comes back, and the batch must too.
        await sleep(RETRY_DELAYS_MS[Math.min(failures++, RETRY_DELAYS_MS.length - 1)]!);
      }
    }
    sending = false;
  }

  return {
    /** Takes one page event's `detail`; anything but an envelope's text is ignored. */
    receive(detail: unknown): Promise<void> {
      if (typeof detail === 'string' && detail.length > MAX_ENVELOPE_CHARS && looksLikeEnvelope(detail.slice(0, 64))) {
        refused += 1;
        return pump();
      }
      if (!looksLikeEnvelope(detail)) return Promise.resolve();
      if (!budget.admit(detail.length)) {
        refused += 1;
        return pump();
      }
      const entry = { seq: nextSeq++, text: detail };
      if (leaving) {
        sendNow([entry]);
        return Promise.resolve();
      }
      queue.push(entry);
      return pump();
    },
    /** The page is being hidden or unloaded. */
    leave(): void {
      leaving = true;
      // a copy: pump still owns its in-flight slice and re-sends it if unanswered; sequence
      // numbers make the background take each envelope once. Sent in message-sized pieces.
      for (let i = 0; i < queue.length; i += MAX_ENVELOPES_PER_MESSAGE) sendNow(queue.slice(i, i + MAX_ENVELOPES_PER_MESSAGE));
    },
    /** The page is shown again (back-forward cache, tab visible). */
    stay(): void {
      leaving = false;
    },
  };
}
