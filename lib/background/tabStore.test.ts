import { describe, expect, it } from 'vitest';
import type { CaptureEnvelope, CaptureRecord } from '../shared/captureEnvelope';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { toSessionDocument } from './document';
import { applyEnvelope } from './tabSession';
import { CHUNK_SIZE, TabStore, type KeyValueArea } from './tabStore';

/** An in-memory storage area with an optional byte quota, like storage.session. */
function memoryArea(quotaBytes = Infinity): KeyValueArea & { data: Map<string, string> } {
  const data = new Map<string, string>();
  const size = () => [...data.values()].reduce((n, v) => n + v.length, 0);
  return {
    data,
    async get(keys) {
      const list = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => data.has(k)).map((k) => [k, JSON.parse(data.get(k)!)]));
    },
    async set(items) {
      const before = new Map(data);
      for (const [k, v] of Object.entries(items)) data.set(k, JSON.stringify(v));
      if (size() > quotaBytes) {
        data.clear();
        for (const [k, v] of before) data.set(k, v);
        throw new Error('QUOTA_BYTES quota exceeded');
      }
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}

/** Random text does not compress, so it fills storage as real payloads eventually do. */
function noise(chars: number): string {
  let out = '';
  while (out.length < chars) out += Math.random().toString(36).slice(2);
  return out.slice(0, chars);
}

let cid = 0;
function calls(n: number, instance = 'page-1', batch = 0, top = true): CaptureEnvelope {
  const records: CaptureRecord[] = Array.from({ length: n }, () => ({
    kind: 'call', cid: ++cid, at: Date.now(), source: 'segment', method: 'track', args: [`Event ${cid}`, { pad: 'x'.repeat(50) }], via: 'instance', globalName: 'analytics',
  }));
  return { tag: ENVELOPE_TAG, instance, batch, url: 'http://127.0.0.1/app', title: 'App', top, records };
}

async function ingest(store: TabStore, tabId: number, env: CaptureEnvelope, settings = DEFAULT_SETTINGS) {
  await store.update(tabId, async (s) => store.persist(s, applyEnvelope(s, env, settings)));
}

describe('TabStore', () => {
  it('a new store over the same area (a restarted service worker) reads back every event', async () => {
    const area = memoryArea();
    const first = new TabStore(area);
    await ingest(first, 7, calls(600, 'p', 0));
    await ingest(first, 7, calls(10, 'p', 1));
    const restarted = new TabStore(area);
    const session = await restarted.read(7);
    expect(session.events).toHaveLength(610);
    expect(session.events.map((e) => e.seq)).toEqual(Array.from({ length: 610 }, (_, i) => i + 1));
    // later records still join events stored before the restart
    const built: CaptureEnvelope = { ...calls(0, 'p', 2), records: [{ kind: 'built', cid: cid, built: { messageId: 'm-last' }, messageId: 'm-last' }] };
    await ingest(restarted, 7, built);
    expect((await new TabStore(area).read(7)).events.at(-1)!.built).toEqual({ messageId: 'm-last' });
  });

  it('keeps the growing chunk plain and compresses a chunk once, when it is full, with later changes in it', async () => {
    const area = memoryArea();
    const written: string[] = [];
    const set = area.set.bind(area);
    area.set = async (items) => {
      for (const [k, v] of Object.entries(items)) if (k === 'tab:3:chunk:0') written.push(v as string);
      await set(items);
    };
    const store = new TabStore(area);
    for (let b = 0; b < 5; b++) await ingest(store, 3, calls(60, 'p', b));
    const kinds = written.map((v) => (v.startsWith('[') ? 'plain' : 'compressed'));
    // seqs 1..249 are chunk 0: four growing writes, then one compressed when seq 249 arrives (in the fifth batch)
    expect(kinds).toEqual(['plain', 'plain', 'plain', 'plain', 'compressed']);
    // an event of the growing chunk changed later (its built event joined) is stored with the change
    const growing = (await store.read(3)).events.at(-1)!;
    const built: CaptureEnvelope = { ...calls(0, 'p', 5), records: [{ kind: 'built', cid, built: { messageId: 'm-tail' }, messageId: 'm-tail' }] };
    await ingest(store, 3, built);
    const reread = await new TabStore(area).read(3);
    expect(reread.events).toHaveLength(300);
    expect(reread.events.find((e) => e.seq === growing.seq)!.built).toEqual({ messageId: 'm-tail' });
    expect(reread.events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('drops a batch it already has, so a re-sent message is not counted twice', async () => {
    const store = new TabStore(memoryArea());
    const env = calls(5, 'p', 0);
    await ingest(store, 1, env);
    await ingest(store, 1, env);
    expect((await store.read(1)).events).toHaveLength(5);
  });

  it('rewrites only the chunks a batch touched', async () => {
    const area = memoryArea();
    const store = new TabStore(area);
    await ingest(store, 2, calls(CHUNK_SIZE * 3, 'p', 0));
    const writes: string[][] = [];
    const set = area.set.bind(area);
    area.set = async (items) => {
      writes.push(Object.keys(items));
      return set(items);
    };
    await ingest(store, 2, calls(1, 'p', 1));
    expect(writes).toEqual([['tab:2:meta', `tab:2:chunk:${Math.floor((CHUNK_SIZE * 3 + 1) / CHUNK_SIZE)}`]]);
  });

  it('evicts the oldest events beyond the limit and counts them', async () => {
    const store = new TabStore(memoryArea());
    const settings = { ...DEFAULT_SETTINGS, limit: 100 };
    await ingest(store, 3, calls(150, 'p', 0), settings);
    const session = await store.read(3);
    expect(session.events).toHaveLength(100);
    expect(session.events[0]!.seq).toBe(51);
    expect(session.meta.evicted).toBe(50);
  });

  it('when the storage quota is reached, evicts the oldest and says so instead of failing', async () => {
    const area = memoryArea(60_000);
    const store = new TabStore(area);
    // Random text does not compress, so this fills the quota like real payloads eventually do.
    const noise = () => Array.from({ length: 40 }, () => Math.random().toString(36).slice(2)).join('');
    for (let b = 0; b < 10; b++) {
      const env = calls(100, 'p', b);
      for (const r of env.records) if (r.kind === 'call') r.args.push(noise());
      await ingest(store, 4, env);
    }
    const session = await new TabStore(area).read(4);
    expect(session.meta.evicted).toBeGreaterThan(0);
    expect(session.events.length + session.meta.evicted).toBe(1000);
    expect(session.events.at(-1)!.seq).toBe(1000);
  });

  it('keeps the log across a navigation with a marker, or clears it when preserve log is off', async () => {
    const store = new TabStore(memoryArea());
    await ingest(store, 5, calls(3, 'page-a', 0));
    await ingest(store, 5, calls(2, 'page-b', 0));
    const kept = await store.read(5);
    expect(kept.events).toHaveLength(5);
    expect(kept.meta.navigations).toEqual([expect.objectContaining({ beforeSeq: 4 })]);

    const noPreserve = { ...DEFAULT_SETTINGS, preserveLog: false };
    await ingest(store, 6, calls(3, 'page-a', 0), noPreserve);
    await ingest(store, 6, calls(2, 'page-b', 0), noPreserve);
    expect((await store.read(6)).events.map((e) => e.seq)).toEqual([4, 5]);
  });

  it('stores chunks compressed: 20,000 typical events fit in storage.session\'s 10 MB', async () => {
    const area = memoryArea(10 * 1024 * 1024);
    const store = new TabStore(area);
    const typical = { properties: { plan: 'pro', total: 42.5, currency: 'EUR', items: 3 }, context: { page: { url: 'http://127.0.0.1/app/settings', title: 'Settings' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', library: { name: 'analytics.js', version: 'next-1.84.3' } } };
    for (let b = 0; b < 20; b++) {
      const env = calls(1000, 'p', b);
      for (const r of env.records) if (r.kind === 'call') r.args.push({ ...typical, messageId: `ajs-next-${r.cid}-${Math.random().toString(36).slice(2)}` });
      await ingest(store, 8, env);
    }
    const session = await new TabStore(area).read(8);
    expect(session.meta.evicted).toBe(0);
    expect(session.events).toHaveLength(20_000);
    expect((session.events[0]!.args[2] as typeof typical).context.library.name).toBe('analytics.js');
  });

  it('forgets a tab when it closes', async () => {
    const area = memoryArea();
    const store = new TabStore(area);
    await ingest(store, 9, calls(300, 'p', 0));
    await store.drop(9);
    expect([...area.data.keys()].filter((k) => k.startsWith('tab:9:'))).toEqual([]);
  });

  it('stores nothing for a closed tab when its last messages arrive after it closed', async () => {
    const area = memoryArea();
    const store = new TabStore(area);
    await ingest(store, 11, calls(300, 'p', 0));
    await store.drop(11);
    // the relay's message that was in flight when the tab closed
    await ingest(store, 11, calls(300, 'p', 1));
    expect([...area.data.keys()].filter((k) => k.startsWith('tab:11:'))).toEqual([]);
    expect(store.settled(11)).toBeNull();
  });

  it('one incompressible event larger than the tab\'s share is stored cut, with a count, and the history stays', async () => {
    const quota = 10 * 1024 * 1024;
    const area = memoryArea(quota);
    const store = new TabStore(area, { quotaBytes: quota });
    await ingest(store, 10, calls(500, 'p', 0));
    const huge = calls(1, 'p', 1);
    const record = huge.records[0]!;
    if (record.kind === 'call') for (let i = 0; i < 12; i++) record.args.push(noise(1024 * 1024));
    await ingest(store, 10, huge);
    const session = await new TabStore(area, { quotaBytes: quota }).read(10);
    expect(session.meta.evicted).toBe(0);
    expect(session.events).toHaveLength(501);
    expect(session.meta.storageCut).toBe(1);
    expect(String(session.events.at(-1)!.args[0])).toMatch(/Truncated \d+ chars: too large to store/);
  });

  it('on a quota error the largest tab gives way, not the writing tab\'s events', async () => {
    const quota = 400_000;
    const area = memoryArea(quota);
    const store = new TabStore(area, { quotaBytes: quota });
    const noisy = (n: number, instance: string, batch: number) => {
      const env = calls(n, instance, batch);
      for (const r of env.records) if (r.kind === 'call') r.args.push(noise(1000));
      return env;
    };
    // a site that filled the area while it was alone
    for (let b = 0; b < 5; b++) await ingest(store, 11, noisy(100, 'big', b));
    const bigBefore = (await store.read(11)).meta.evicted;
    // a second tab then captures a little: the area is full, the big tab gives way
    for (let b = 0; b < 15; b++) await ingest(store, 12, noisy(10, 'small', b));
    const [big, small] = [await store.read(11), await store.read(12)];
    expect(small.meta.evicted).toBe(0);
    expect(small.events).toHaveLength(150);
    expect(big.meta.evicted).toBeGreaterThan(bigBefore);
    expect(big.meta.storageEvicted).toBe(big.meta.evicted);
    expect(big.events.length + big.meta.evicted).toBe(500);
    const shown = toSessionDocument(big, { now: new Date(0), settings: DEFAULT_SETTINGS }).document;
    expect(shown.diagnostics).toContainEqual(expect.objectContaining({ code: 'capture-storage-full', message: expect.stringContaining(`${big.meta.storageEvicted} event(s) were evicted`) }));
  });

  it('gives each tab a share of the area: a tab over its share while others hold data evicts its own oldest', async () => {
    const quota = 400_000;
    const store = new TabStore(memoryArea(quota), { quotaBytes: quota });
    const noisy = (n: number, instance: string, batch: number) => {
      const env = calls(n, instance, batch);
      for (const r of env.records) if (r.kind === 'call') r.args.push(noise(1000));
      return env;
    };
    await ingest(store, 13, noisy(20, 'other', 0));
    for (let b = 0; b < 5; b++) await ingest(store, 14, noisy(100, 'greedy', b));
    const [other, greedy] = [await store.read(13), await store.read(14)];
    expect(other.meta.evicted).toBe(0);
    expect(greedy.meta.evicted).toBeGreaterThan(0);
    expect(store.bytesOf(14)).toBeLessThanOrEqual(store.shareOf(14));
  });
});
