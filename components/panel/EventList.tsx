/**
 * The virtualised event list: fixed-height rows so 100,000 events cost only the rows in view.
 * It follows the newest event while scrolled to the bottom and stops as soon as the user
 * scrolls up, like a terminal; "Jump to latest" resumes following.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent, type UIEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useShallow } from 'zustand/react/shallow';
import { COLUMNS, columnLabel, type ColumnId, type ListColumns } from '../../lib/extension-pages/panel/columns';
import type { PanelRow } from '../../lib/extension-pages/panel/pfGroups';
import { describePfUser } from '../../lib/extension-pages/panel/pfUser';
import { rowIndexOf } from '../../lib/extension-pages/panel/rows';
import { formatEventTime, zoneLabel } from '../../lib/extension-pages/panel/time';
import { EventRow, eventRowDomId } from './EventRow';
import { SourceBadge } from './Marks';
import { useLayout } from './layoutStore';
import { usePanelStore } from './store';

export const ROW_HEIGHT = 28;
const OVERSCAN = 20;
const estimateSize = () => ROW_HEIGHT;

export interface EventListProps {
  rows: PanelRow[];
  columns: ListColumns;
  onToggleGroup: (groupId: string) => void;
  /** search text, for marking matches in rows */
  search: string;
  /** epoch ms that relative times count from (the first captured event) */
  timeOrigin: number | null;
  /** the seq of the headline light's subject (`subjectSeq`) */
  lightSubject?: number | null;
}

export function EventList({ rows, columns, onToggleGroup, search, timeOrigin, lightSubject = null }: EventListProps) {
  const { selectedId, select, timeMode, followTail, onFollowTailChange } = usePanelStore(
    useShallow((s) => ({ selectedId: s.selectedId, select: s.select, timeMode: s.timeMode, followTail: s.followTail, onFollowTailChange: s.setFollowTail })),
  );
  const onSelect = useCallback((id: string) => select(id, true), [select]);
  const viewportRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => viewportRef.current, []);
  // Stable callbacks: a new getItemKey/estimateSize makes the virtualizer re-measure every row,
  // which at 100,000 rows would cost milliseconds on every scroll frame.
  const getItemKey = useCallback((index: number) => rows[index]!.key, [rows]);
  // Following the tail, the first render already shows the newest rows (the window's height
  // stands in for the list's until it is measured): rendering the top first and then scrolling
  // would build and lay out every visible row twice before the first paint.
  const [startsAtEnd] = useState(() => followTail && rows.length > 0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: OVERSCAN,
    getItemKey,
    initialRect: { width: window.innerWidth, height: window.innerHeight },
    initialOffset: () => (startsAtEnd ? Math.max(0, rows.length * ROW_HEIGHT - window.innerHeight) : 0),
  });

  // Before the first paint: the viewport's scroll position joins the rows already rendered there.
  const placedAtEnd = useRef(false);
  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!startsAtEnd || !viewport) return;
    viewport.scrollTop = rows.length * ROW_HEIGHT;
    placedAtEnd.current = true;
    // Only at mount: the effect below follows the rows that arrive later.
  }, [startsAtEnd]);

  useEffect(() => {
    if (placedAtEnd.current) {
      placedAtEnd.current = false;
      return;
    }
    if (followTail && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [followTail, rows.length, virtualizer]);

  // Keyboard selection can move off screen; bring it into view without jumping when visible.
  const selectedIndex = useMemo(() => rowIndexOf(rows, selectedId), [rows, selectedId]);
  useEffect(() => {
    if (selectedIndex !== -1) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    const el = e.currentTarget;
    // The virtualizer knows the content height; reading el.scrollHeight would force a layout.
    const atBottom = virtualizer.getTotalSize() - el.scrollTop - el.clientHeight <= ROW_HEIGHT;
    if (atBottom !== followTail) onFollowTailChange(atBottom);
  };

  const selectedVisible = selectedIndex !== -1;
  return (
    <div className="event-list" style={{ ['--list-columns' as string]: columns.template }}>
      <ListHeader columns={columns.ids} timeLabel={timeMode === 'relative' ? 'Time (from #1)' : `Time (${zoneLabel(timeOrigin !== null ? new Date(timeOrigin) : new Date())})`} />
      <div
        ref={viewportRef}
        className="event-list__viewport"
        role="listbox"
        aria-label="Events"
        tabIndex={0}
        aria-activedescendant={selectedVisible && selectedId !== null ? eventRowDomId(selectedId) : undefined}
        onScroll={onScroll}
      >
        <div className="event-list__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            if (row.kind !== 'event') return <MarkerRowView key={row.key} row={row} top={item.start} />;
            return (
              <EventRow
                key={row.key}
                event={row.event}
                group={row.group}
                columns={columns.ids}
                onToggleGroup={onToggleGroup}
                time={formatEventTime(row.event.capturedAt, timeMode, timeOrigin)}
                lightSubject={lightSubject}
                selected={row.event.id === selectedId}
                search={search}
                onSelect={onSelect}
                top={item.start}
                height={ROW_HEIGHT}
              />
            );
          })}
        </div>
      </div>
      {!followTail && rows.length > 0 && (
        <button type="button" className="event-list__jump" onClick={() => onFollowTailChange(true)}>
          ↓ Jump to latest
        </button>
      )}
    </div>
  );
}

/** Column titles; each fixed-width column has a handle on its right edge to drag its width. */
function ListHeader({ columns, timeLabel }: { columns: readonly ColumnId[]; timeLabel: string }) {
  const widths = useLayout((s) => s.widths);
  const setColumnWidth = useLayout((s) => s.setColumnWidth);
  const startResize = (id: ColumnId, e: ReactPointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    const startX = e.clientX;
    const start = widths[id] ?? COLUMNS.find((c) => c.id === id)?.width ?? 0;
    const onMove = (move: PointerEvent) => setColumnWidth(id, start + move.clientX - startX);
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };
  return (
    <div className="event-list__header" aria-hidden="true">
      {columns.map((id) => (
        <span key={id} className={`cell cell--${id}`} title={id === 'time' ? timeLabel : columnLabel(id)}>
          {id === 'time' ? timeLabel : id === 'mark' ? '' : columnLabel(id)}
          {id !== 'name' && id !== 'mark' && <span className="cell__resize" data-column={id} onPointerDown={(e) => startResize(id, e)} />}
        </span>
      ))}
    </div>
  );
}

/** A navigation or a change of the PF user, between the events it happened between. */
function MarkerRowView({ row, top }: { row: Exclude<PanelRow, { kind: 'event' }>; top: number }) {
  const style = { height: ROW_HEIGHT, transform: `translateY(${top}px)` };
  if (row.kind === 'navigation') {
    return (
      <div className="marker-row marker-row--navigation" role="presentation" style={style} title={row.navigation.url}>
        Navigated to {row.navigation.url}
      </div>
    );
  }
  const text = `user set via ${row.change.via}: ${describePfUser(row.change.user)}`;
  return (
    <div className="marker-row marker-row--pf-user" role="presentation" style={style} title={text}>
      <SourceBadge source="productfruits" /> {text}
    </div>
  );
}
