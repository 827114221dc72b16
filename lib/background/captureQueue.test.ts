import { describe, expect, it } from 'vitest';
import type { CaptureEnvelope } from '../shared/captureEnvelope';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { CaptureQueue } from './captureQueue';
import { applyEnvelope } from './tabSession';
import { TabStore, type KeyValueArea } from './tabStore';

const TAB = 5;

/** An in-memory area whose writes wait for `release()`, counted; `fail()` makes the next one fail. */
function heldArea() {
  const data = new Map<string, unknown>();
  const held: (() => void)[] = [];
  let writes = 0;
  let failNext = false;
  const area: KeyValueArea = {
    async get(keys) {
      const list = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]));
    },
    async set(items) {
      writes++;
      await new Promise<void>((resolve) => held.push(resolve));
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
  const release = async () => {
    while (held.length === 0) await new Promise((r) => setTimeout(r, 0));
    held.shift()!();
  };
  return { area, release, writes: () => writes, fail: () => (failNext = true) };
}

let batch = 0;
const envelope = (name: string): CaptureEnvelope => ({
  tag: ENVELOPE_TAG, instance: 'p', batch: batch++, url: 'http://127.0.0.1/', title: 'T', top: true,
  records: [{ kind: 'call', cid: batch, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: 'analytics' }],
});

function setup() {
  const held = heldArea();
  const store = new TabStore(held.area);
  const queue = new CaptureQueue(store);
  const capture = (name: string) => queue.add(TAB, (session, total) => {
    const result = applyEnvelope(session, envelope(name), DEFAULT_SETTINGS);
    for (const seq of result.changed) total.changed.add(seq);
    total.metaChanged ||= result.metaChanged;
  });
  const storedNames = async () => {
    const session = await new TabStore(held.area).load(TAB);
    return session.events.map((e) => e.name);
  };
  return { ...held, capture, storedNames };
}

describe('CaptureQueue', () => {
  it('stores the messages that waited for the tab\'s write together, in one write, in arrival order', async () => {
    const q = setup();
    const first = q.capture('A');
    await new Promise((r) => setTimeout(r, 0));
    const waiting = [q.capture('B'), q.capture('C'), q.capture('D')];
    await q.release();
    expect(await first).toBe(1);
    await q.release();
    expect(await Promise.all(waiting)).toEqual([4, 4, 4]);
    expect(q.writes()).toBe(2);
    expect(await q.storedNames()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a failed write fails every message of its group; the next group stores them with its own', async () => {
    const q = setup();
    const first = q.capture('A');
    await new Promise((r) => setTimeout(r, 0));
    const group = [q.capture('B'), q.capture('C')];
    await q.release();
    await first;
    q.fail();
    await q.release();
    for (const message of group) await expect(message).rejects.toThrow('IO error');
    const next = q.capture('E');
    await q.release();
    expect(await next).toBe(4);
    expect(await q.storedNames()).toEqual(['A', 'B', 'C', 'E']);
  });
});
