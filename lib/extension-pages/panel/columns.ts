/**
 * The event list's columns: which show, how wide, in one place. With an event open the list
 * keeps only what identifies a row (# / Type / Name) and one mark that combines delivery and
 * verdict, as DevTools' Network panel narrows to the name column when a request is open.
 */
export const COLUMNS = [
  { id: 'seq', label: '#', width: 48, hideable: false },
  { id: 'time', label: 'Time', width: 112, hideable: true },
  { id: 'source', label: 'Source', width: 64, hideable: true },
  { id: 'type', label: 'Type', width: 90, hideable: false },
  { id: 'name', label: 'Name', width: null, hideable: false },
  { id: 'user', label: 'User ID', width: 140, hideable: true },
  { id: 'status', label: 'Delivery', width: 96, hideable: true },
  { id: 'verdict', label: 'ID', width: 28, hideable: true },
] as const;

export type ColumnId = (typeof COLUMNS)[number]['id'] | 'mark';
type HideableSpec = Extract<(typeof COLUMNS)[number], { hideable: true }>;
export type HideableColumn = HideableSpec['id'];
export const HIDEABLE_COLUMNS: readonly HideableSpec[] = COLUMNS.filter((c): c is HideableSpec => c.hideable);

export const MIN_COLUMN_WIDTH = 28;
export const MAX_COLUMN_WIDTH = 480;
const MARK_WIDTH = 24;
const COMPACT: readonly ColumnId[] = ['seq', 'type', 'name', 'mark'];

export interface ListColumns {
  ids: readonly ColumnId[];
  /** the CSS grid-template-columns of the header and every row */
  template: string;
}

export function clampColumnWidth(width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)));
}

/** Name takes what is left (never under 80 px); the others keep their width, the user's if set. */
export function listColumns(opts: { compact: boolean; hidden: readonly string[]; widths: Readonly<Record<string, number>> }): ListColumns {
  const ids: ColumnId[] = opts.compact ? [...COMPACT] : COLUMNS.filter((c) => !opts.hidden.includes(c.id)).map((c) => c.id);
  const template = ids
    .map((id) => {
      if (id === 'name') return 'minmax(80px, 1fr)';
      if (id === 'mark') return `${MARK_WIDTH}px`;
      const fallback = COLUMNS.find((c) => c.id === id)!.width ?? 0;
      return `${clampColumnWidth(opts.widths[id] ?? fallback)}px`;
    })
    .join(' ');
  return { ids, template };
}

const GAP = 6;
const PADDING = 12;

/** The narrowest list that shows these columns without clipping: under it the list narrows. */
export function minListWidth(columns: ListColumns): number {
  const tracks = columns.template.split(/ (?![^(]*\))/);
  const fixed = tracks.reduce((sum, track) => sum + (track.startsWith('minmax(') ? 80 : parseFloat(track)), 0);
  return fixed + GAP * (tracks.length - 1) + PADDING;
}

export function columnLabel(id: ColumnId): string {
  return id === 'mark' ? 'Status' : COLUMNS.find((c) => c.id === id)!.label;
}
