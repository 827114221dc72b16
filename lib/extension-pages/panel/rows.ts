/**
 * The rows of the event list: the visible events, plus marker rows for each navigation and
 * each change of the Product Fruits user, so a reload or a PF identify shows where it happened
 * even when filters hide the events around it.
 */
import type { Navigation, PfUserChange } from '../../shared/session/schema';
import type { EventSummary } from '../../shared/session/summary';

export type ListRow =
  | { kind: 'event'; key: string; event: EventSummary }
  | { kind: 'navigation'; key: string; navigation: Navigation }
  | { kind: 'pfUser'; key: string; change: PfUserChange };

type MarkerRow = Exclude<ListRow, { kind: 'event' }>;
interface Marker {
  /** the marker goes before the first visible event whose seq is at least this */
  beforeSeq: number;
  row: MarkerRow;
}

/**
 * `events` must be in seq order (capture order). Markers go before the first visible event at
 * or after their position; markers after the last event go at the end, so a fresh reload is
 * visible before its first call arrives. At the same position a navigation comes first: the
 * new page has to load before its PF snippet can set a user.
 */
export function buildRows(
  events: readonly EventSummary[],
  navigations: readonly Navigation[] = [],
  userChanges: readonly PfUserChange[] = [],
): ListRow[] {
  if (navigations.length === 0 && userChanges.length === 0) return events.map(eventRow);
  const markers: Marker[] = [
    ...navigations.map((navigation, i): Marker => ({
      beforeSeq: navigation.beforeSeq,
      row: { kind: 'navigation', key: `n:${i}`, navigation },
    })),
    ...userChanges.map((change, i): Marker => ({
      beforeSeq: change.afterSeq + 1,
      row: { kind: 'pfUser', key: `u:${i}`, change },
    })),
  ];
  // Array.prototype.sort is stable, so markers at one position keep nav-first, then capture order.
  markers.sort((a, b) => a.beforeSeq - b.beforeSeq);

  const rows: ListRow[] = [];
  let next = 0;
  for (const event of events) {
    while (next < markers.length && markers[next]!.beforeSeq <= event.seq) rows.push(markers[next++]!.row);
    rows.push(eventRow(event));
  }
  while (next < markers.length) rows.push(markers[next++]!.row);
  return rows;
}

function eventRow(event: EventSummary): ListRow {
  return { kind: 'event', key: `e:${event.id}`, event };
}

/** Index of the row holding event `id`, or -1. */
export function rowIndexOf(rows: readonly ListRow[], id: string | null): number {
  if (id === null) return -1;
  return rows.findIndex((row) => row.kind === 'event' && row.event.id === id);
}

/**
 * The event a step of ArrowUp (-1) / ArrowDown (+1) lands on, skipping marker rows. With
 * nothing selected (or the selection filtered away) the first step lands on the first or last event.
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
