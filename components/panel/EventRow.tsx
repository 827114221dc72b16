/** One line of the event list. Page data (names, ids) is rendered as React text, never as HTML. */
import { memo } from 'react';
import type { EventSummary } from '../../lib/shared/session/summary';
import { fullTime } from '../../lib/extension-pages/panel/time';
import { DeliveryMark, SourceBadge, VerdictMark } from './Marks';
import { Highlighted } from './Highlighted';

export interface EventRowProps {
  event: EventSummary;
  time: string;
  selected: boolean;
  /** the search box text, to mark matches in the visible cells */
  search: string;
  onSelect: (id: string) => void;
  /** offset from the top of the list canvas, in px */
  top: number;
  height: number;
}

export function eventRowDomId(id: string): string {
  return `event-row-${id}`;
}

/** Memoised: scrolling re-renders the list on every frame, but a row only when its own data changed. */
export const EventRow = memo(function EventRow({ event, time, selected, search, onSelect, top, height }: EventRowProps) {
  const status = event.delivery?.status;
  const flagged = status === 'failed' || status === 'blocked';
  const className = ['event-row', selected && 'event-row--selected', flagged && 'event-row--flagged'].filter(Boolean).join(' ');
  const { userId } = event;
  return (
    <div
      id={eventRowDomId(event.id)}
      className={className}
      role="option"
      aria-selected={selected}
      data-event-id={event.id}
      style={{ height, transform: `translateY(${top}px)` }}
      onClick={() => onSelect(event.id)}
    >
      <span className="cell cell--seq">{event.seq}</span>
      <span className="cell cell--time" title={fullTime(event.capturedAt)}>
        {time}
      </span>
      <span className="cell cell--source">
        <SourceBadge source={event.source} />
      </span>
      <span className="cell cell--type">
        <Highlighted text={event.type} search={search} />
      </span>
      <span className="cell cell--name" title={event.name ?? undefined}>
        <Highlighted text={event.name ?? ''} search={search} />
      </span>
      <span className="cell cell--user" title={userId ?? undefined}>
        <Highlighted text={userId ?? ''} search={search} />
      </span>
      <span className="cell cell--status">
        <DeliveryMark delivery={event.delivery} />
      </span>
      <span className="cell cell--verdict">{event.verdict && <VerdictMark verdict={event.verdict} />}</span>
    </div>
  );
});
