/**
 * An in-memory storage area whose writes each wait for `release()`, in order, as a busy
 * storage.session would; `fail()` makes the next write fail. Writes are counted. With it, tests
 * hold a tab's write half-way and look at what readers and later messages see meanwhile.
 */
import type { CaptureEnvelope } from '../../lib/shared/captureEnvelope';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';
import type { KeyValueArea } from '../../lib/background/tabStore';

export function heldArea() {
  const data = new Map<string, unknown>();
  const held: (() => void)[] = [];
  /** callers waiting for a write to start */
  const waiting: (() => void)[] = [];
  let writes = 0;
  let failNext = false;
  const area: KeyValueArea = {
    async get(keys) {
      const list = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items) {
      writes++;
      const done = new Promise<void>((resolve) => held.push(resolve));
      for (const wake of waiting.splice(0)) wake();
      await done;
      if (failNext) {
        failNext = false;
        throw new Error('IO error');
      }
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
  /** resolves once a write is held */
  const started = () => (held.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve)));
  /** lets the oldest held write finish, once it has started */
  const release = async () => {
    await started();
    held.shift()!();
  };
  return { area, started, release, writes: () => writes, fail: () => (failNext = true) };
}

let batch = 0;
/** An envelope of one track call named `name`, each with the next batch number. */
export const oneCallEnvelope = (name: string): CaptureEnvelope => ({
  tag: ENVELOPE_TAG, instance: 'p', batch: batch++, url: 'http://127.0.0.1/', title: 'T', top: true,
  records: [{ kind: 'call', cid: batch, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: 'analytics' }],
});
