import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ContentAnswers, ContentMessage, Failure } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { createRelay, FLOOD_BUDGET, MAX_ENVELOPES_PER_MESSAGE, REFUSALS_EVERY_MS } from './relay';

const envelope = (batch: number) => JSON.stringify({ tag: ENVELOPE_TAG, instance: 'relay', batch });

function fakeBackground(answers: (ContentAnswers['capture:batch'] | Failure | undefined | 'throw')[]) {
  const sent: ContentMessage[] = [];
  const send = async (message: ContentMessage) => {
    sent.push(message);
    const answer = answers.length ? answers.shift() : { ok: true };
    if (answer === 'throw') throw new Error('Could not establish connection. Receiving end does not exist.');
    return answer;
  };
  return { sent, send };
}

describe('relay', () => {
  it('forwards envelopes only, and those that arrive while one message is in flight go together', async () => {
    const bg = fakeBackground([]);
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined });
    void relay.receive('{"tag":"someone-else"}');
    void relay.receive({ tag: ENVELOPE_TAG });
    const first = relay.receive(envelope(0));
    void relay.receive(envelope(1));
    void relay.receive(envelope(2));
    await first;
    expect(bg.sent.map((m) => m.envelopes.length)).toEqual([1, 2]);
    expect(bg.sent.flatMap((m) => m.envelopes)).toEqual([envelope(0), envelope(1), envelope(2)]);
  });

  it('sends a batch again until the background takes it, ever more slowly', async () => {
    const bg = fakeBackground(['throw', undefined, { ok: false, error: 'boom' }, { ok: false }]);
    const waits: number[] = [];
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async (ms) => void waits.push(ms) });
    await relay.receive(envelope(0));
    expect(bg.sent).toHaveLength(5);
    expect(new Set(bg.sent.map((m) => m.envelopes[0]))).toEqual(new Set([envelope(0)]));
    expect(waits).toEqual([50, 200, 500, 1000]);
  });

  it(`sends at most ${MAX_ENVELOPES_PER_MESSAGE} envelopes per message`, async () => {
    // The first message fails; by the time it is sent again, 119 more envelopes have arrived.
    const bg = fakeBackground([undefined]);
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined });
    const first = relay.receive(envelope(0));
    for (let i = 1; i < 120; i++) void relay.receive(envelope(i));
    await first;
    expect(bg.sent.map((m) => m.envelopes.length)).toEqual([1, 50, 50, 20]);
  });

  it('stops once the extension is gone, without waiting to retry', async () => {
    let valid = true;
    const sent: ContentMessage[] = [];
    const waits: number[] = [];
    const relay = createRelay({
      send: async (message) => {
        sent.push(message);
        valid = false; // the extension was reloaded while the message was on its way
        throw new Error('Extension context invalidated.');
      },
      isValid: () => valid,
      sleep: async (ms) => void waits.push(ms),
    });
    await relay.receive(envelope(0));
    expect(sent).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('numbers envelopes itself, so re-sends are told apart by numbers the page cannot read', async () => {
    const bg = fakeBackground([undefined]);
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined, id: 'relay-1' });
    const first = relay.receive(envelope(7));
    void relay.receive(envelope(7));
    await first;
    expect(bg.sent.map((m) => [m.relay, m.first, m.envelopes.length])).toEqual([['relay-1', 0, 1], ['relay-1', 0, 2]]);
  });

  /** A relay whose first send fails with `error`; `sent` lists [first, envelopes, refused] of every message. */
  function failingOnce(error: string) {
    let calls = 0;
    const sent: ContentMessage[] = [];
    const relay = createRelay({
      send: async (message) => {
        sent.push(message);
        if (calls++ === 0) throw new Error(error);
        return { ok: true };
      },
      isValid: () => true,
      sleep: async () => undefined,
    });
    return { relay, sent: () => sent.map((m) => [m.first, m.envelopes.length, m.refused ?? 0]) };
  }

  it('drops a message the browser refuses for its size and says how many envelopes went, instead of retrying forever', async () => {
    const { relay, sent } = failingOnce('Message length exceeded maximum allowed length.');
    await relay.receive(envelope(0));
    await relay.receive(envelope(1));
    expect(sent()).toEqual([[0, 1, 0], [1, 0, 1], [1, 1, 0]]);
  });

  it('retries a message the background failed to store (quota exceeded): that is no message too large', async () => {
    const { relay, sent } = failingOnce('QuotaExceededError: Resource::kQuotaBytes quota exceeded');
    await relay.receive(envelope(0));
    expect(sent()).toEqual([[0, 1, 0], [0, 1, 0]]);
  });

  it('while the page leaves, sends what is queued and every later envelope at once, with their sequence numbers', async () => {
    // The background never answers during unload: the first message stays in flight.
    const pending: ((answer: ContentAnswers['capture:batch']) => void)[] = [];
    const sent: ContentMessage[] = [];
    const send = (message: ContentMessage) => {
      sent.push(message);
      return new Promise<ContentAnswers['capture:batch']>((resolve) => pending.push(resolve));
    };
    const relay = createRelay({ send, isValid: () => true, sleep: async () => undefined, id: 'r' });
    void relay.receive(envelope(0));
    void relay.receive(envelope(1));
    expect(sent.map((m) => m.envelopes.length)).toEqual([1]);
    relay.leave();
    void relay.receive(envelope(2));
    expect(sent.map((m) => [m.first, m.envelopes.length])).toEqual([[0, 1], [0, 2], [2, 1]]);
    expect(sent.every((m) => m.relay === 'r')).toBe(true);
    relay.stay();
    void relay.receive(envelope(3));
    expect(sent).toHaveLength(3);
  });

  it('an orphaned relay (the extension reloaded) throws nothing into the page while it leaves, and sends nothing', async () => {
    let valid = true;
    const sent: ContentMessage[] = [];
    // Chrome's own runtime.sendMessage throws at once, not a rejection, once the context is gone
    const send = (message: ContentMessage) => {
      sent.push(message);
      if (!valid) throw new Error('Extension context invalidated.');
      return new Promise<ContentAnswers['capture:batch']>(() => undefined);
    };
    const relay = createRelay({ send, isValid: () => valid, sleep: async () => undefined });
    void relay.receive(envelope(0));
    void relay.receive(envelope(1));
    valid = false;
    expect(() => relay.leave()).not.toThrow();
    await expect(relay.receive(envelope(2))).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it('a send that throws at once while the page leaves throws nothing into the page', () => {
    const send = (): Promise<ContentAnswers['capture:batch']> => {
      throw new Error('Could not establish connection.');
    };
    const relay = createRelay({ send, isValid: () => true, sleep: async () => undefined });
    relay.leave();
    expect(() => void relay.receive(envelope(0))).not.toThrow();
  });
});

describe('relay under a flood', () => {
  it('takes at most its per-document budget of envelopes a second and counts the rest as refused', async () => {
    const bg = fakeBackground([]);
    let clock = 0;
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined, now: () => clock });
    const flood = Array.from({ length: FLOOD_BUDGET.envelopesPerSecond * 3 }, (_, i) => relay.receive(envelope(i)));
    await Promise.all(flood);
    const forwarded = () => bg.sent.reduce((n, m) => n + m.envelopes.length, 0);
    const refused = () => bg.sent.reduce((n, m) => n + (m.refused ?? 0), 0);
    expect(forwarded()).toBe(FLOOD_BUDGET.envelopesPerSecond);
    expect(refused()).toBe(FLOOD_BUDGET.envelopesPerSecond * 2);
    // the next second has a budget again
    clock += 1000;
    await relay.receive(envelope(-1));
    expect(forwarded()).toBe(FLOOD_BUDGET.envelopesPerSecond + 1);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it(`sends refusals every ${REFUSALS_EVERY_MS} ms, not a message per answer, and loses none`, async () => {
    vi.useFakeTimers();
    const bg = fakeBackground([]);
    const relay = createRelay({ send: bg.send, isValid: () => true });
    const perMs = 3;
    const seconds = 2;
    for (let ms = 0; ms < seconds * 1000; ms++) {
      for (let k = 0; k < perMs; k++) void relay.receive(envelope(ms * perMs + k));
      await vi.advanceTimersByTimeAsync(1);
    }
    await vi.runAllTimersAsync();
    const refusalsOnly = bg.sent.filter((m) => m.envelopes.length === 0);
    expect(refusalsOnly.length).toBeLessThanOrEqual(seconds * (1000 / REFUSALS_EVERY_MS + 1));
    expect(bg.sent.reduce((n, m) => n + m.envelopes.length, 0)).toBe(seconds * FLOOD_BUDGET.envelopesPerSecond);
    expect(bg.sent.reduce((n, m) => n + (m.refused ?? 0), 0)).toBe(seconds * (perMs * 1000 - FLOOD_BUDGET.envelopesPerSecond));
  });

  const bigEnvelope = () => JSON.stringify({ tag: ENVELOPE_TAG, instance: 'relay', batch: 0, pad: 'x'.repeat(4 * 1024 * 1024) });

  it('takes an honest page whose flushes bunch up: a burst over the per-second rate, then quiet', async () => {
    // A page filling at 3,700 calls a second sends ~5 MiB of envelopes a second on average, but its
    // flushes bunch up: 15 MiB and more can land in one second.
    const bg = fakeBackground([]);
    let clock = 0;
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined, now: () => clock });
    const big = bigEnvelope();
    const burst = Math.floor((FLOOD_BUDGET.charsPerSecond * 2) / big.length);
    await Promise.all(Array.from({ length: burst }, () => relay.receive(big)));
    clock += 5000;
    await relay.receive(big);
    expect(bg.sent.reduce((n, m) => n + (m.refused ?? 0), 0)).toBe(0);
    expect(bg.sent.reduce((n, m) => n + m.envelopes.length, 0)).toBe(burst + 1);
  });

  it('bounds the characters: at most its burst at once, and its rate a second after that', async () => {
    const bg = fakeBackground([]);
    let clock = 0;
    const relay = createRelay({ send: bg.send, isValid: () => true, sleep: async () => undefined, now: () => clock });
    const big = bigEnvelope();
    const forwarded = () => bg.sent.reduce((n, m) => n + m.envelopes.length, 0);
    const refused = () => bg.sent.reduce((n, m) => n + (m.refused ?? 0), 0);
    const count = Math.ceil(FLOOD_BUDGET.charsBurst / big.length) + 3;
    await Promise.all(Array.from({ length: count }, () => relay.receive(big)));
    expect(forwarded() * big.length).toBeLessThanOrEqual(FLOOD_BUDGET.charsBurst);
    expect(forwarded() + refused()).toBe(count);
    // a sustained flood gets the rate, not the burst again
    const seconds = 5;
    let sent = 0;
    for (let t = 0; t < seconds * 10; t++) {
      clock += 100;
      for (let k = 0; k < 4; k++, sent++) await relay.receive(big);
    }
    const later = forwarded() * big.length - FLOOD_BUDGET.charsBurst;
    expect(later).toBeLessThanOrEqual(seconds * FLOOD_BUDGET.charsPerSecond + big.length);
    expect(forwarded() + refused()).toBe(count + sent);
  });

});
