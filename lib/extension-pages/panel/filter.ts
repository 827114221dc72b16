/**
 * Filtering and search for the event list. Pure and React-free so it can be tested in Node
 * and stays fast at 100,000 events. The chip filters read only what an event summary carries;
 * the text search needs the whole event, so it runs where the events are (the background for a
 * live tab, the panel for a file) and answers the matching seqs. Each event's searchable text is
 * built on the first search and cached by object identity, so later keystrokes only re-run
 * substring or regex tests.
 */
import type { SessionEvent } from '../../shared/session/schema';
import { DELIVERY_STATUSES, EVENT_SOURCES, type DeliveryStatus, type EventSource } from '../../shared/vocabulary';
import { hasFindings } from './eventFields';
import { matchingSeqs, parseSearch } from '../../shared/session/search';

export { matchingSeqs, parseSearch, type ParsedSearch, type SearchQuery } from '../../shared/session/search';


/** A null set means "do not filter on this"; an empty search text matches everything. */
export interface EventFilter {
  sources: Set<EventSource> | null;
  types: Set<string> | null;
  statuses: Set<DeliveryStatus> | null;
  hasFindings: boolean;
  text: string;
}

export const EMPTY_FILTER: EventFilter = {
  sources: null,
  types: null,
  statuses: null,
  hasFindings: false,
  text: '',
};

export function isFilterActive(f: EventFilter): boolean {
  return f.sources !== null || f.types !== null || f.statuses !== null || f.hasFindings || f.text !== '';
}

/** What the chip filters and counts read: an event or its summary. */
export type FilterFields = Pick<SessionEvent, 'seq' | 'source' | 'type' | 'delivery' | 'verdict'>;

/**
 * The chip filters over events or summaries, and the search as `matches` (from `matchingSeqs`):
 * null means the text filters nothing.
 */
export function filterSummaries<T extends FilterFields>(items: T[], f: EventFilter, matches: ReadonlySet<number> | null): T[] {
  if (!isFilterActive(f)) return items;
  return items.filter(
    (item) =>
      (f.sources === null || f.sources.has(item.source)) &&
      (f.types === null || f.types.has(item.type)) &&
      (f.statuses === null || (item.delivery !== null && f.statuses.has(item.delivery.status))) &&
      (!f.hasFindings || hasFindings(item)) &&
      (matches === null || matches.has(item.seq)),
  );
}

export function filterEvents(events: SessionEvent[], f: EventFilter): SessionEvent[] {
  return filterSummaries(events, f, matchingSeqs(events, f.text));
}

export interface EventCounts {
  sources: Map<EventSource, number>;
  types: Map<string, number>;
  /** events without delivery information (Product Fruits events) are not counted here */
  statuses: Map<DeliveryStatus, number>;
  /** events with findings and page-level findings (`pageLevelFindings`) together */
  hasFindings: number;
  /** of `hasFindings`, the findings no event carries */
  pageFindings: number;
  total: number;
}

/** Counts over all events, so chips keep stable numbers while other filters change; `pageFindings` join "has findings". */
export function countsBy(events: readonly FilterFields[], pageFindings = 0): EventCounts {
  const sources = new RunTally<EventSource>();
  const types = new RunTally<string>();
  const statuses = new RunTally<DeliveryStatus>();
  let withFindings = 0;
  for (const event of events) {
    sources.add(event.source);
    types.add(event.type);
    if (event.delivery) statuses.add(event.delivery.status);
    if (hasFindings(event)) withFindings++;
  }
  return { sources: sources.counts(), types: types.counts(), statuses: statuses.counts(), hasFindings: pageFindings + withFindings, pageFindings, total: events.length };
}

/**
 * Counts keys the way `map.set(key, (map.get(key) ?? 0) + 1)` per key would, keys in the order
 * first seen, but a run of one key costs one Map update: a session is mostly long runs of the same
 * source and type, and the panel counts every event before its first render.
 */
class RunTally<K> {
  private readonly map = new Map<K, number>();
  private last: K | undefined = undefined;
  private run = 0;

  add(key: K): void {
    if (this.run > 0 && key === this.last) {
      this.run++;
      return;
    }
    this.flush();
    this.last = key;
    this.run = 1;
  }

  counts(): Map<K, number> {
    this.flush();
    return this.map;
  }

  private flush(): void {
    if (this.run === 0) return;
    this.map.set(this.last as K, (this.map.get(this.last as K) ?? 0) + this.run);
    this.run = 0;
  }
}

export type Range = readonly [start: number, end: number];

/** Where `search` matches inside `text`, for highlighting; empty when nothing or invalid. */
export function highlightRanges(text: string, search: string): Range[] {
  const { query } = parseSearch(search);
  const ranges: Range[] = [];
  if (query.kind === 'plain') {
    // Lower-casing can change length for a few characters (İ); compare in place instead.
    const haystack = text.toLowerCase();
    if (haystack.length !== text.length) return plainRangesByRegex(text, query.needle);
    for (let at = haystack.indexOf(query.needle); at !== -1; at = haystack.indexOf(query.needle, at + query.needle.length)) {
      ranges.push([at, at + query.needle.length]);
    }
  } else if (query.kind === 'regex') {
    const global = new RegExp(query.regex.source, query.regex.flags + 'g');
    for (const match of text.matchAll(global)) {
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}

function plainRangesByRegex(text: string, needle: string): Range[] {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(escaped, 'giu'))].map((m) => [m.index, m.index + m[0].length] as const);
}

/** What the store hands to the `persist` callback: JSON-safe, Sets as arrays. */
export interface PersistedFilter {
  sources: EventSource[] | null;
  types: string[] | null;
  statuses: DeliveryStatus[] | null;
  hasFindings: boolean;
  text: string;
}

export function serializeFilter(f: EventFilter): PersistedFilter {
  return {
    sources: f.sources && [...f.sources],
    types: f.types && [...f.types],
    statuses: f.statuses && [...f.statuses],
    hasFindings: f.hasFindings,
    text: f.text,
  };
}

/** Reads what storage returned; anything unrecognised falls back to "no filter" for that field. */
export function deserializeFilter(stored: unknown): EventFilter {
  if (typeof stored !== 'object' || stored === null) return EMPTY_FILTER;
  const s = stored as Record<string, unknown>;
  return {
    sources: setOf(s.sources, (x): x is EventSource => EVENT_SOURCES.includes(x as EventSource)),
    types: setOf(s.types, (x): x is string => typeof x === 'string'),
    statuses: setOf(s.statuses, (x): x is DeliveryStatus => DELIVERY_STATUSES.includes(x as DeliveryStatus)),
    hasFindings: s.hasFindings === true,
    text: typeof s.text === 'string' ? s.text : '',
  };
}

function setOf<T>(value: unknown, guard: (x: unknown) => x is T): Set<T> | null {
  if (!Array.isArray(value)) return null;
  const items = value.filter(guard);
  return items.length > 0 ? new Set(items) : null;
}
