/**
 * The event search: plain text (case-insensitive) or /regex/flags over an event's type, name,
 * userId and the JSON of each stage. It runs where the whole events are: the background for a
 * live tab, the panel for a file. Each event's text is built on the first search and cached by
 * object identity, so later keystrokes only re-run substring or regex tests.
 */
import type { SessionEvent } from './schema';
import { eventUserId } from './summary';

export type SearchQuery =
  | { kind: 'empty' }
  | { kind: 'plain'; needle: string }
  | { kind: 'regex'; regex: RegExp };

export interface ParsedSearch {
  query: SearchQuery;
  /** set when the text looks like /regex/flags but does not compile; the query is then empty */
  error: string | null;
}

const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;

export function parseSearch(text: string): ParsedSearch {
  if (text === '') return { query: { kind: 'empty' }, error: null };
  const literal = REGEX_LITERAL.exec(text);
  if (!literal) return { query: { kind: 'plain', needle: text.toLowerCase() }, error: null };
  try {
    // g and y make RegExp.test stateful (lastIndex), which would skip matches across events.
    const flags = (literal[2] ?? '').replace(/[gy]/g, '');
    return { query: { kind: 'regex', regex: new RegExp(literal[1] ?? '', flags) }, error: null };
  } catch (error) {
    return { query: { kind: 'empty' }, error: `Invalid regular expression: ${(error as Error).message}` };
  }
}

const haystacks = new WeakMap<SessionEvent, string>();
const lowerHaystacks = new WeakMap<SessionEvent, string>();

/** The text search looks at: type, name, userId and the JSON of each stage. */
function searchText(event: SessionEvent): string {
  let text = haystacks.get(event);
  if (text === undefined) {
    text = [
      event.type,
      event.name ?? '',
      eventUserId(event) ?? '',
      safeJson(event.args),
      safeJson(event.built),
      safeJson(event.sent ?? null),
    ].join('\n');
    haystacks.set(event, text);
  }
  return text;
}

function lowerSearchText(event: SessionEvent): string {
  let text = lowerHaystacks.get(event);
  if (text === undefined) {
    text = searchText(event).toLowerCase();
    lowerHaystacks.set(event, text);
  }
  return text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Captured payloads are made serialisable upstream; an odd one must not break search.
    return '';
  }
}

function matchesQuery(event: SessionEvent, query: SearchQuery): boolean {
  switch (query.kind) {
    case 'empty':
      return true;
    case 'plain':
      return lowerSearchText(event).includes(query.needle);
    case 'regex':
      return query.regex.test(searchText(event));
  }
}

/** Seqs of the events the search text matches; null when the text filters nothing (empty or invalid). */
export function matchingSeqs(events: readonly SessionEvent[], text: string): Set<number> | null {
  const { query } = parseSearch(text);
  if (query.kind === 'empty') return null;
  const seqs = new Set<number>();
  for (const event of events) if (matchesQuery(event, query)) seqs.add(event.seq);
  return seqs;
}

