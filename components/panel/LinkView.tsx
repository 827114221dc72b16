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
  const by = linkReason(link);
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

const NAME_FROM: Record<NonNullable<NonNullable<SessionEvent['pfLink']>['nameFrom']>, string> = {
  verified: "PF's published event table",
  unverified: 'a catalogue row not checked against PF\'s table',
  learned: 'a pairing learned on this page from an earlier timing link',
  guessed: "the raw name's words (not in the catalogue)",
};

/** By name (and whose name) or by timing: so a user can tell when the name table is wrong. */
export function linkReason(link: NonNullable<SessionEvent['pfLink']>): string {
  if (link.by === 'timing') return 'joined by timing only: the first track right after the PF event (its name did not match the catalogue)';
  return link.nameFrom ? `joined by name, from ${NAME_FROM[link.nameFrom]}` : 'joined by the event name mapping';
}
