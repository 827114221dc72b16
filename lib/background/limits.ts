/**
 * The background's limits on what a page can make it keep, in one place (docs/threat-model.md
 * lists them with the reasons). Everything a page sends is bounded by these before it is stored.
 */

export const BOOKKEEPING = {
  /** navigation markers kept per tab (the oldest go first) */
  navigations: 1000,
  /** PF user changes kept per timeline */
  userChanges: 1000,
  /** documents (frame × relay) whose re-sends are remembered per tab */
  documents: 256,
  /** Segment requests awaiting their answer per tab */
  openRequests: 2000,
  /** subframe origins whose own facts are kept per tab */
  frameOrigins: 16,
  /** characters kept of a page or navigation URL */
  urlChars: 8192,
  /** characters kept of a page title */
  titleChars: 2048,
} as const;

/**
 * storage.session: Chrome holds 10 MiB (`QUOTA_BYTES`); Firefox states no quota, so the same is
 * assumed. Tabs holding data share 90% of it equally (the rest is headroom for the metas); an
 * event larger than a quarter of its tab's share is stored cut, with a marker saying how large
 * it was; on a quota error the tab holding most gives up a fifth of its oldest events.
 */
export const STORAGE = {
  quotaBytes: 10 * 1024 * 1024,
  usable: 0.9,
  eventShare: 0.25,
  evictFraction: 0.2,
} as const;

/** Subframes together may hold this share of a tab's events: an ad or widget cannot evict the page's own. */
export const FRAME_SHARE = 0.25;

export function frameShare(limit: number): number {
  return Math.floor(limit * FRAME_SHARE);
}

/** A string cut to `max` characters, saying how long it was. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[Truncated ${text.length} chars]`;
}

/** Keeps the `max` most recently inserted keys of a record (insertion order is kept by JS objects for string keys). */
export function keepLast(record: Record<string, unknown>, max: number): void {
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length - max; i++) delete record[keys[i]!];
}

const MAX_DATE_MS = 8.64e15;

/** ISO text of any finite number: times outside the Date range are clamped to it, never thrown on. */
export function safeIso(ms: number): string {
  const clamped = Number.isFinite(ms) ? Math.max(-MAX_DATE_MS, Math.min(MAX_DATE_MS, ms)) : 0;
  return new Date(clamped).toISOString();
}

/** The origin a frame's URL names; the URL itself when it has none. */
export function frameOrigin(url: string): string {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? clip(url, 256) : origin;
  } catch {
    return clip(url, 256);
  }
}
