/**
 * The list's keyboard, as in DevTools' Network panel: which event a key moves the selection to.
 * Marker rows (navigations, PF user changes) are skipped; moves stop at the ends.
 */
import type { ListRow } from './rows';

export type ListMove = 'next' | 'previous' | 'first' | 'last' | 'pageDown' | 'pageUp';

const MOVES: Readonly<Record<string, ListMove>> = {
  ArrowDown: 'next',
  j: 'next',
  ArrowUp: 'previous',
  k: 'previous',
  Home: 'first',
  End: 'last',
  PageDown: 'pageDown',
  PageUp: 'pageUp',
};

export function listMoveFor(key: string): ListMove | null {
  return MOVES[key] ?? null;
}

/** The shortcuts overlay lists these, so what it says and what the keys do come from one place. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '↓ / j, ↑ / k', what: 'next / previous event, opened' },
  { keys: 'Home / End', what: 'first / last event' },
  { keys: 'PgDn / PgUp', what: 'a page of events down / up' },
  { keys: '← / →', what: 'previous / next detail tab (an event open); fold / unfold a PF action' },
  { keys: '← / → on a width', what: "a column's width in the Columns menu (Shift: bigger steps), or the splitter's place" },
  { keys: 'Enter', what: 'open the selected event' },
  { keys: 'Esc', what: 'clear the search, then close the event' },
  { keys: '/', what: 'search' },
  { keys: '?', what: 'show or hide these shortcuts' },
];

/** `page` is how many rows fit in the list's viewport. */
export function moveSelection(rows: readonly ListRow[], selectedId: string | null, move: ListMove, page: number): string | null {
  const events: string[] = [];
  let at = -1;
  for (const row of rows) {
    if (row.kind !== 'event') continue;
    if (row.event.id === selectedId) at = events.length;
    events.push(row.event.id);
  }
  if (events.length === 0) return selectedId;
  const last = events.length - 1;
  const step = Math.max(1, page - 1);
  const target = ((): number => {
    switch (move) {
      case 'first':
        return 0;
      case 'last':
        return last;
      case 'next':
        return at === -1 ? 0 : at + 1;
      case 'previous':
        return at === -1 ? last : at - 1;
      case 'pageDown':
        return at === -1 ? Math.min(step, last) : at + step;
      case 'pageUp':
        return at === -1 ? Math.max(last - step, 0) : at - step;
    }
  })();
  return events[Math.min(last, Math.max(0, target))]!;
}

/** The tab ←/→ lands on, wrapping around. */
export function stepTab<T>(tabs: readonly T[], current: T, step: 1 | -1): T {
  const at = tabs.indexOf(current);
  return tabs[(at + step + tabs.length) % tabs.length] ?? current;
}
