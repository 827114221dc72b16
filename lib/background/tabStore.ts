/**
 * Keeps tab sessions in a key-value area that survives the MV3 service worker being stopped
 * (`storage.session`). A session is stored as one meta record plus fixed-size, compressed chunks
 * of events, so a batch rewrites only the chunks it touched. The area is passed in, so this is tested in
 * Node with a fake.
 */
import { decodeChunk, encodeChunk } from './chunkCodec';
import type { ApplyResult, StoredEvent, TabMeta, TabSession } from './tabSession';
import { fromStored, newTabSession } from './tabSession';

export const CHUNK_SIZE = 250;

export interface KeyValueArea {
  get(keys: string[] | string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[] | string): Promise<void>;
}

const metaKey = (tabId: number) => `tab:${tabId}:meta`;
const chunkKey = (tabId: number, chunk: number) => `tab:${tabId}:chunk:${chunk}`;
const chunkOf = (seq: number) => Math.floor(seq / CHUNK_SIZE);

function heldChunks(events: readonly StoredEvent[]): number[] {
  if (events.length === 0) return [];
  const out: number[] = [];
  for (let c = chunkOf(events[0]!.seq); c <= chunkOf(events[events.length - 1]!.seq); c++) out.push(c);
  return out;
}

function isQuotaError(error: unknown): boolean {
  return /quota/i.test(String((error as { message?: unknown })?.message ?? error));
}

export class TabStore {
  private readonly cache = new Map<number, TabSession>();
  private readonly locks = new Map<number, Promise<unknown>>();

  constructor(private readonly area: KeyValueArea) {}

  /** Runs `fn` on the tab's session with no other update of that tab in between. */
  async update<T>(tabId: number, fn: (session: TabSession) => T): Promise<T> {
    const previous = this.locks.get(tabId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => fn(await this.load(tabId)));
    this.locks.set(tabId, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(tabId) === run) this.locks.delete(tabId);
    }
  }

  async read(tabId: number): Promise<TabSession> {
    return this.update(tabId, (s) => s);
  }

  async load(tabId: number): Promise<TabSession> {
    const cached = this.cache.get(tabId);
    if (cached) return cached;
    const metaRecord = (await this.area.get(metaKey(tabId)))[metaKey(tabId)] as (TabMeta & { chunks?: number[] }) | undefined;
    let session: TabSession;
    if (!metaRecord) session = newTabSession(tabId);
    else {
      const { chunks = [], ...meta } = metaRecord;
      const keys = chunks.map((c) => chunkKey(tabId, c));
      const stored = keys.length ? await this.area.get(keys) : {};
      const chunksRead = await Promise.all(keys.map((k) => {
        const chunk = stored[k];
        return typeof chunk === 'string' ? decodeChunk<StoredEvent[]>(chunk) : [];
      }));
      const events = chunksRead.flat();
      events.sort((a, b) => a.seq - b.seq);
      session = fromStored(meta, events);
    }
    this.cache.set(tabId, session);
    return session;
  }

  /**
   * Writes what `result` says changed. When the area is full, the oldest events are evicted
   * (and counted) until the write fits: never a silent loss.
   */
  async persist(session: TabSession, result: ApplyResult): Promise<void> {
    const tabId = session.meta.tabId;
    const dirty = new Set<number>([...result.changed, ...result.dropped].map(chunkOf));
    for (let tries = 0; ; tries++) {
      // Held events have consecutive seqs (added in order, evicted from the front), so their chunks are a range.
      const chunks = heldChunks(session.events);
      const items: Record<string, unknown> = { [metaKey(tabId)]: { ...session.meta, chunks } };
      const live = new Set(chunks);
      const first = session.events[0]?.seq ?? 0;
      for (const c of dirty) {
        if (live.has(c)) items[chunkKey(tabId, c)] = await encodeChunk(session.events.slice(Math.max(0, c * CHUNK_SIZE - first), (c + 1) * CHUNK_SIZE - first));
      }
      const gone = [...dirty].filter((c) => !live.has(c)).map((c) => chunkKey(tabId, c));
      try {
        if (gone.length) await this.area.remove(gone);
        await this.area.set(items);
        return;
      } catch (error) {
        if (!isQuotaError(error) || tries >= 8 || session.events.length === 0) throw error;
        const evict = Math.max(1, Math.ceil(session.events.length / 5));
        const removed = session.events.splice(0, evict);
        session.meta.evicted += removed.length;
        for (const e of removed) dirty.add(chunkOf(e.seq));
        Object.assign(session, fromStored(session.meta, session.events));
      }
    }
  }

  async clear(tabId: number, keepMeta?: (meta: TabMeta) => TabMeta): Promise<void> {
    await this.update(tabId, async (session) => {
      const chunks = [...new Set(session.events.map((e) => chunkOf(e.seq)))].map((c) => chunkKey(tabId, c));
      const fresh = newTabSession(tabId);
      if (keepMeta) fresh.meta = keepMeta(session.meta);
      this.cache.set(tabId, fresh);
      if (chunks.length) await this.area.remove(chunks);
      await this.area.set({ [metaKey(tabId)]: { ...fresh.meta, chunks: [] } });
    });
  }

  async drop(tabId: number): Promise<void> {
    await this.update(tabId, async (session) => {
      const keys = [metaKey(tabId), ...new Set(session.events.map((e) => chunkKey(tabId, chunkOf(e.seq))))];
      this.cache.delete(tabId);
      await this.area.remove(keys);
    });
  }
}
