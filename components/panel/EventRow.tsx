/** One line of the event list. Page data (names, ids) is rendered as React text, never as HTML. */
import { memo, type ReactNode } from 'react';
import type { EventSummary } from '../../lib/shared/session/summary';
import { COLUMNS, type ColumnId } from '../../lib/extension-pages/panel/columns';
import { describePfGroup, pfKind, reachedSegment, type GroupPlace, type PfGroup } from '../../lib/extension-pages/panel/pfGroups';
import { rowStatus } from '../../lib/extension-pages/panel/rowStatus';
import { isSuperseded } from '../../lib/extension-pages/panel/severity';
import { fullTime } from '../../lib/extension-pages/panel/time';
import { DeliveryMark, RowStatusMark, SourceBadge, VerdictMark } from './Marks';
import { Highlighted } from './Highlighted';

export interface EventRowProps {
  event: EventSummary;
  /** its place in a PF action's row group, if it has one */
  group?: GroupPlace | null;
  /** which cells, in order; every column by default */
  columns?: readonly ColumnId[];
  time: string;
  /** the seq of the headline light's subject: verdicts before it were superseded */
  lightSubject?: number | null;
  selected: boolean;
  /** the search box text, to mark matches in the visible cells */
  search: string;
  onSelect: (id: string) => void;
  onToggleGroup?: (groupId: string) => void;
  /** offset from the top of the list canvas, in px */
  top: number;
  height: number;
}

export function eventRowDomId(id: string): string {
  return `event-row-${id}`;
}

/** Memoised: scrolling re-renders the list on every frame, but a row only when its own data changed. */
const ALL_COLUMNS = COLUMNS.map((c) => c.id);

export const EventRow = memo(function EventRow({ event, group = null, columns = ALL_COLUMNS, time, lightSubject = null, selected, search, onSelect, onToggleGroup, top, height }: EventRowProps) {
  const head = group?.role === 'head' ? group : null;
  // A PF action's head speaks for its track: its delivery and its verdict.
  const subject = head ? (head.group.track ?? event) : event;
  const status = subject.delivery?.status;
  const flagged = status === 'failed' || status === 'blocked' || (head !== null && !reachedSegment(head.group));
  const className = [
    'event-row',
    selected && 'event-row--selected',
    flagged && 'event-row--flagged',
    head && 'event-row--group-head',
    group?.role === 'member' && 'event-row--group-member',
  ]
    .filter(Boolean)
    .join(' ');
  const { userId } = subject;
  const cells: Record<ColumnId, () => ReactNode> = {
    seq: () => event.seq,
    time: () => <span title={fullTime(event.capturedAt)}>{time}</span>,
    source: () => <SourceBadge source={event.source} />,
    type: () =>
      head ? (
        <>
          <button
            type="button"
            className="event-row__fold"
            aria-expanded={head.expanded}
            aria-label={`${head.expanded ? 'Fold' : 'Unfold'} the ${head.members} events of this PF action`}
            onClick={(e) => {
              e.stopPropagation();
              onToggleGroup?.(head.group.id);
            }}
          >
            {head.expanded ? '▾' : '▸'}
          </button>{' '}
          <span title={`PF action: ${pfKind(event.type)}`}>PF action</span>
        </>
      ) : (
        <Highlighted text={event.type} search={search} />
      ),
    name: () => {
      const text = head ? describePfGroup(head.group) : (event.name ?? '');
      return (
        <span title={text || undefined}>
          <Highlighted text={text} search={search} />
          {group?.role === 'member' && <MemberLink event={event} group={group.group} />}
        </span>
      );
    },
    user: () => <span title={userId ?? undefined}><Highlighted text={userId ?? ''} search={search} /></span>,
    status: () => (event.source === 'productfruits' && !head ? <PfDelivery event={event} /> : <DeliveryMark delivery={subject.delivery} />),
    verdict: () => subject.verdict && <VerdictMark verdict={subject.verdict} superseded={isSuperseded(subject, lightSubject)} />,
    mark: () => <RowStatusMark status={rowStatus(event, group?.group ?? null, lightSubject)} />,
  };
  return (
    <div
      id={eventRowDomId(event.id)}
      className={className}
      role="option"
      aria-selected={selected}
      aria-expanded={head ? head.expanded : undefined}
      data-event-id={event.id}
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={() => onSelect(event.id)}
    >
      {columns.map((id) => (
        <span key={id} className={`cell cell--${id}`}>
          {cells[id]()}
        </span>
      ))}
    </div>
  );
});

/** Inside an unfolded group: the other side of the link, both ways. */
function MemberLink({ event, group }: { event: EventSummary; group: PfGroup }) {
  if (event.source === 'productfruits') {
    return <span className="event-row__link">{group.track ? ` → Segment #${group.track.seq}` : ' → not sent to Segment'}</span>;
  }
  return <span className="event-row__link"> ← sent by PF #{group.pfEvents.map((e) => e.seq).join(', #')}</span>;
}

/** A PF event has no delivery of its own; the track PF sent for it has. */
function PfDelivery({ event }: { event: EventSummary }) {
  if (event.pfLink) {
    return (
      <span className="delivery delivery--linked" title="PF sent this to Segment as a track; its delivery is on the track's row">
        → track
      </span>
    );
  }
  return (
    <span className="delivery delivery--failed" title="No Segment track was seen for this PF event">
      ✗ not sent
    </span>
  );
}
