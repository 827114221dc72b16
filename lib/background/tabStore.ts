/**
 * Keeps tab sessions in a key-value area that survives the MV3 service worker being stopped
 * (`storage.session`). A session is stored as one meta record plus fixed-size, compressed chunks
 * of events, so a batch rewrites only the chunks it touched. The area is passed in, so this is tested in
 * Node with a fake.
 *
 * Tabs share the area: each tab holding data may use an equal share of it (STORAGE in limits.ts).
 * The bytes each tab holds are tracked from what was written, so the share is kept without
 * asking the area. An event too large for a quarter of its tab's share is stored cut; a tab over
 * its share gives up its own oldest events; on a quota error the tab holding most gives way.
 * Every event lost to storage is counted (`evicted`, `storageEvicted`, `storageCut`).
 *
 * Each event is turned into JSON once per change (the text is kept until its chunk is full and
 * compressed), so a batch costs what it adds, not what its chunk already held.
 *
 * Readers need not queue behind writes: `settled` gives the session when no update of the tab is
 * running or queued and nothing it holds is unstored, `onSettled` is told each time an update has
 * finished (its writes done), and `stored` runs a reader under the lock after first storing what a
 * failed write left unstored. So what a reader sees was always stored.
 */
import { chunkJson, compressChunk, decodeChunk } from './chunkCodec';
import { STORAGE } from './limits';
import type { ApplyResult, StoredEvent, TabMeta, TabSession } from './tabSession';
import { fromStored, newTabSession } from './tabSession';

export const CHUNK_SIZE = 250;
/** The growing chunk stays plain while it takes at most this part of the tab's share (large events are compressed at once). */
const PLAIN_SHARE = 1 / 16;

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

/** An event's payloads replaced by a marker saying how large the event was. */
function cutEvent(event: StoredEvent, chars: number): void {
  const marker = `…[Truncated ${chars} chars: too large to store]`;
  event.args = [marker];
  if (event.built !== null) event.built = marker;
  if (event.sent !== undefined && event.sent !== null) event.sent = marker;
}

export interface TabStoreOptions {
  /** bytes the area holds (storage.session's QUOTA_BYTES) */
  quotaBytes?: number;
  /** called, synchronously, when an update of the tab has finished and everything it changed is stored */
  onSettled?: (session: TabSession) => void;
}

/** Closed tabs remembered; a message arrives at most seconds after its tab closed. */
const MAX_CLOSED_TABS = 10_000;

export class TabStore {
  private readonly cache = new Map<number, TabSession>();
  private readonly locks = new Map<number, Promise<unknown>>();
  /** characters each tab's stored items take, by key */
  private readonly sizes = new Map<number, Map<string, number>>();
  private readonly quotaBytes: number;
  /**
   * Each tab's events as JSON, by seq, for the chunks not yet compressed: set when an event is
   * written (it changed), dropped when its chunk is compressed or the tab is cleared.
   */
  private readonly texts = new Map<number, Map<number, string>>();
  /** chunks a failed write did not store, by tab: written with the tab's next write, and until then the tab is not settled */
  private readonly unstored = new Map<number, Set<number>>();
  private readonly onSettled: (session: TabSession) => void;
  /**
   * Tabs that closed: a message the tab's relay had in flight can arrive after `drop`, and must
   * not store a session nobody will ever remove (it would take a share of the area from every
   * open tab). Chrome and Firefox never reuse a tab id within a browser session.
   */
  private readonly closed = new Set<number>();

  constructor(private readonly area: KeyValueArea, options: TabStoreOptions = {}) {
    this.quotaBytes = options.quotaBytes ?? STORAGE.quotaBytes;
    this.onSettled = options.onSettled ?? (() => undefined);
  }

  /** Characters the tab's stored items take. */
  bytesOf(tabId: number): number {
    let total = 0;
    for (const n of this.sizes.get(tabId)?.values() ?? []) total += n;
    return total;
  }

  /** Characters a tab may hold: an equal part of the area among the tabs holding data and this one. */
  shareOf(tabId: number): number {
    let tabs = this.sizes.has(tabId) ? 0 : 1;
    for (const [id, keys] of this.sizes) if (keys.size > 0 || id === tabId) tabs++;
    return Math.floor((this.quotaBytes * STORAGE.usable) / Math.max(1, tabs));
  }

  private noteWritten(tabId: number, items: Record<string, unknown>, gone: string[]): void {
    const sizes = this.sizes.get(tabId) ?? new Map<string, number>();
    for (const key of gone) sizes.delete(key);
    for (const [key, value] of Object.entries(items)) sizes.set(key, typeof value === 'string' ? value.length : JSON.stringify(value).length);
    this.sizes.set(tabId, sizes);
  }

  /**
   * Runs `fn` on the tab's session with no other update of that tab in between. What `fn` changes
   * it stores (`persist`) before it returns: readers are told the tab settled when it has.
   */
  async update<T>(tabId: number, fn: (session: TabSession) => T | Promise<T>): Promise<T> {
    const previous = this.locks.get(tabId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      const out = await fn(await this.load(tabId));
      // a closed tab's late message was folded into a session that is let go here
      if (this.closed.has(tabId)) this.cache.delete(tabId);
      // The tab's session now (a clear replaces it; a drop leaves none).
      const now = this.cache.get(tabId);
      if (now && !this.unstored.has(tabId)) this.onSettled(now);
      return out;
    });
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

  /** The tab's session when it is as stored and no update of it is running or queued; else null (also when not loaded). */
  settled(tabId: number): TabSession | null {
    if (this.locks.has(tabId) || this.unstored.has(tabId)) return null;
    return this.cache.get(tabId) ?? null;
  }

  /** Runs `read` on the tab's session as stored: under the lock, after storing what a failed write left unstored. */
  async stored<T>(tabId: number, read: (session: TabSession) => T | Promise<T>): Promise<T> {
    return this.update(tabId, async (session) => {
      if (this.unstored.has(tabId)) await this.persist(session, { changed: new Set(), dropped: [], metaChanged: true });
      return read(session);
    });
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
      this.noteWritten(tabId, { [metaKey(tabId)]: metaRecord, ...Object.fromEntries(keys.filter((k) => typeof stored[k] === 'string').map((k) => [k, stored[k]])) }, []);
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
   * Writes what `result` says changed, within the tab's share of the area. An event too large
   * for a quarter of the share is cut first; a tab over its share evicts its own oldest; on a
   * quota error the tab holding most gives way (the writer only when it is that tab). Each
   * loss is counted: never a silent one.
   */
  async persist(session: TabSession, result: ApplyResult): Promise<void> {
    const tabId = session.meta.tabId;
    if (this.closed.has(tabId)) return;
    const dirty = new Set<number>([...result.changed, ...result.dropped].map(chunkOf));
    for (const c of this.unstored.get(tabId) ?? []) dirty.add(c);
    try {
      await this.write(session, result, dirty);
      this.unstored.delete(tabId);
    } catch (error) {
      // The session in memory is ahead of the area: its next write stores these chunks too.
      this.unstored.set(tabId, dirty);
      throw error;
    }
  }

  private async write(session: TabSession, result: ApplyResult, dirty: Set<number>): Promise<void> {
    const tabId = session.meta.tabId;
    this.cutOversized(session, result.changed);
    for (let tries = 0; ; tries++) {
      // Held events have consecutive seqs (added in order, evicted from the front), so their chunks are a range.
      const chunks = heldChunks(session.events);
      const items: Record<string, unknown> = { [metaKey(tabId)]: { ...session.meta, chunks } };
      const live = new Set(chunks);
      const compressed: number[] = [];
      const last = session.events.at(-1)?.seq;
      const plainMax = this.shareOf(tabId) * PLAIN_SHARE;
      for (const c of dirty) {
        if (!live.has(c)) continue;
        const json = chunkJson(this.chunkTexts(session, c));
        // The chunk the next events go to stays plain while small; a full one is compressed, once.
        const growing = last !== undefined && chunkOf(last) === c && last < (c + 1) * CHUNK_SIZE - 1;
        items[chunkKey(tabId, c)] = growing && json.length <= plainMax ? json : await compressChunk(json);
        if (!growing) compressed.push(c);
      }
      const gone = [...dirty].filter((c) => !live.has(c));
      const goneKeys = gone.map((c) => chunkKey(tabId, c));
      if (tries < 8 && session.events.length > 1 && this.projected(tabId, items, goneKeys) > this.shareOf(tabId)) {
        this.evictOldest(session, dirty);
        continue;
      }
      try {
        if (goneKeys.length) await this.area.remove(goneKeys);
        await this.area.set(items);
        this.noteWritten(tabId, items, goneKeys);
        this.forgetTexts(tabId, [...compressed, ...gone]);
        return;
      } catch (error) {
        if (!isQuotaError(error) || tries >= 8) throw error;
        if (goneKeys.length) this.noteWritten(tabId, {}, goneKeys);
        const other = this.largestOther(tabId, this.projected(tabId, items, []));
        if (other !== null) await this.update(other, (s) => this.giveWay(s));
        else if (session.events.length > 0) this.evictOldest(session, dirty);
        else throw error;
      }
    }
  }

  private textsOf(tabId: number): Map<number, string> {
    let texts = this.texts.get(tabId);
    if (!texts) {
      texts = new Map();
      this.texts.set(tabId, texts);
    }
    return texts;
  }

  /** The JSON of each held event of chunk `c`: kept since its last change, else made now. */
  private chunkTexts(session: TabSession, c: number): string[] {
    const texts = this.textsOf(session.meta.tabId);
    const first = session.events[0]?.seq ?? 0;
    const events = session.events.slice(Math.max(0, c * CHUNK_SIZE - first), (c + 1) * CHUNK_SIZE - first);
    return events.map((event) => {
      let text = texts.get(event.seq);
      if (text === undefined) {
        text = JSON.stringify(event);
        texts.set(event.seq, text);
      }
      return text;
    });
  }

  private forgetTexts(tabId: number, chunks: readonly number[]): void {
    const texts = this.texts.get(tabId);
    if (!texts) return;
    for (const c of chunks) for (let seq = c * CHUNK_SIZE; seq < (c + 1) * CHUNK_SIZE; seq++) texts.delete(seq);
  }

  /** Characters the tab would hold after writing `items` and removing `gone`. */
  private projected(tabId: number, items: Record<string, unknown>, gone: string[]): number {
    const sizes = this.sizes.get(tabId);
    let total = this.bytesOf(tabId);
    for (const key of gone) total -= sizes?.get(key) ?? 0;
    for (const [key, value] of Object.entries(items)) total += (typeof value === 'string' ? value.length : JSON.stringify(value).length) - (sizes?.get(key) ?? 0);
    return total;
  }

  /** Another tab, not busy now, holding more than `than`: the one holding most. */
  private largestOther(tabId: number, than: number): number | null {
    let best: number | null = null;
    let most = than;
    for (const id of this.sizes.keys()) {
      if (id === tabId || this.locks.has(id)) continue;
      const bytes = this.bytesOf(id);
      if (bytes > most) [best, most] = [id, bytes];
    }
    return best;
  }

  /** A tab gives up a fifth of its oldest events for another tab's write (counted in it). */
  private async giveWay(session: TabSession): Promise<void> {
    const dirty = new Set<number>();
    this.evictOldest(session, dirty);
    session.meta.rev++;
    await this.persist(session, { changed: new Set(), dropped: [...dirty].map((c) => c * CHUNK_SIZE), metaChanged: true });
  }

  private evictOldest(session: TabSession, dirty: Set<number>): void {
    const evict = Math.max(1, Math.ceil(session.events.length * STORAGE.evictFraction));
    const removed = session.events.splice(0, evict);
    session.meta.evicted += removed.length;
    session.meta.storageEvicted = (session.meta.storageEvicted ?? 0) + removed.length;
    for (const e of removed) dirty.add(chunkOf(e.seq));
    Object.assign(session, fromStored(session.meta, session.events));
  }

  /**
   * Events of this write too large for a quarter of the tab's share are stored cut, counted.
   * Each changed event's JSON is made here, once, and kept for writing its chunk.
   */
  private cutOversized(session: TabSession, changed: Set<number>): void {
    const max = Math.floor(this.shareOf(session.meta.tabId) * STORAGE.eventShare);
    const first = session.events[0]?.seq ?? 0;
    const texts = this.textsOf(session.meta.tabId);
    for (const seq of changed) {
      const event = session.events[seq - first];
      if (!event) continue;
      let text = JSON.stringify(event);
      if (text.length > max) {
        cutEvent(event, text.length);
        session.meta.storageCut = (session.meta.storageCut ?? 0) + 1;
        text = JSON.stringify(event);
      }
      texts.set(seq, text);
    }
  }

  async clear(tabId: number, keepMeta?: (meta: TabMeta) => TabMeta): Promise<void> {
    await this.update(tabId, async (session) => {
      const chunks = [...new Set(session.events.map((e) => chunkOf(e.seq)))].map((c) => chunkKey(tabId, c));
      const fresh = newTabSession(tabId);
      if (keepMeta) fresh.meta = keepMeta(session.meta);
      this.cache.set(tabId, fresh);
      // A cleared tab numbers its events from 1 again: no text of the old ones may be reused.
      this.texts.delete(tabId);
      this.unstored.delete(tabId);
      if (chunks.length) await this.area.remove(chunks);
      const items = { [metaKey(tabId)]: { ...fresh.meta, chunks: [] } };
      await this.area.set(items);
      this.sizes.delete(tabId);
      this.noteWritten(tabId, items, []);
    });
  }

  async drop(tabId: number): Promise<void> {
    this.closed.add(tabId);
    if (this.closed.size > MAX_CLOSED_TABS) this.closed.delete(this.closed.values().next().value!);
    await this.update(tabId, async (session) => {
      const keys = [metaKey(tabId), ...new Set(session.events.map((e) => chunkKey(tabId, chunkOf(e.seq))))];
      this.cache.delete(tabId);
      this.sizes.delete(tabId);
      this.texts.delete(tabId);
      this.unstored.delete(tabId);
      await this.area.remove(keys);
    });
  }
}
