/** Link tab: the event on the other side (the Segment track for a PF event, or the reverse). */
import type { SessionEvent } from '../../lib/shared/session/schema';
import { SourceBadge } from './Marks';

export interface LinkViewProps {
  event: SessionEvent;
  /** the linked event when it is still in the session; null if evicted or cleared */
  linked: SessionEvent | null;
  onSelectEvent: (id: string) => void;
}

export function LinkView({ event, linked, onSelectEvent }: LinkViewProps) {
  const link = event.pfLink;
  if (!link) return <p className="empty-note">Not linked to an event on the other side.</p>;
  const by = link.by === 'name' ? 'joined by the event name mapping' : 'joined by timing only (no name mapping)';
  if (!linked) {
    return (
      <p className="empty-note">
        Linked to event {link.eventId} ({by}), which is no longer in this session.
      </p>
    );
  }
  return (
    <div className="link-view">
      <p>Linked event, {by}:</p>
      <button type="button" className="link-view__target" onClick={() => onSelectEvent(linked.id)}>
        <SourceBadge source={linked.source} /> #{linked.seq} {linked.type}
        {linked.name !== null ? ` ${linked.name}` : ''}
      </button>
    </div>
  );
}
