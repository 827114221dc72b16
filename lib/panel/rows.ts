/**
 * The rows of the event list: the visible events with a divider for each navigation, so a
 * reload or route change shows where it happened even when filters hide the event right after.
 */
import type { Navigation, SessionEvent } from '../session/schema';

export type ListRow =
  | { kind: 'event'; key: string; event: SessionEvent }
  | { kind: 'navigation'; key: string; navigation: Navigation };

/**
 * `events` must be in seq order (capture order). A navigation goes before the first visible
 * event whose seq is at least its `beforeSeq`; navigations after the last event go at the end,
 * so a fresh reload is visible before its first call arrives.
 */
export function buildRows(events: readonly SessionEvent[], navigations: readonly Navigation[] = []): ListRow[] {
  if (navigations.length === 0) return events.map(eventRow);
  const pending = [...navigations].sort((a, b) => a.beforeSeq - b.beforeSeq);
  const rows: ListRow[] = [];
  let next = 0;
  for (const event of events) {
    while (next < pending.length && pending[next]!.beforeSeq <= event.seq) {
      rows.push(navigationRow(pending[next]!, next));
      next++;
    }
    rows.push(eventRow(event));
  }
  for (; next < pending.length; next++) rows.push(navigationRow(pending[next]!, next));
  return rows;
}

function eventRow(event: SessionEvent): ListRow {
  return { kind: 'event', key: `e:${event.id}`, event };
}

function navigationRow(navigation: Navigation, index: number): ListRow {
  return { kind: 'navigation', key: `n:${index}:${navigation.beforeSeq}`, navigation };
}

/** Index of the row holding event `id`, or -1. */
export function rowIndexOf(rows: readonly ListRow[], id: string | null): number {
  if (id === null) return -1;
  return rows.findIndex((row) => row.kind === 'event' && row.event.id === id);
}

/**
 * The event a step of ArrowUp (-1) / ArrowDown (+1) lands on, skipping dividers. With nothing
 * selected (or the selection filtered away) the first step lands on the first or last event.
 */
export function stepSelection(rows: readonly ListRow[], selectedId: string | null, step: 1 | -1): string | null {
  const from = rowIndexOf(rows, selectedId);
  let i = from === -1 ? (step === 1 ? 0 : rows.length - 1) : from + step;
  for (; i >= 0 && i < rows.length; i += step) {
    const row = rows[i]!;
    if (row.kind === 'event') return row.event.id;
  }
  return selectedId;
}
