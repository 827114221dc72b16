/**
 * Identity changes on both sides in time order; Segment entries open their event in the panel.
 * Times follow the panel's one time mode and zone, as the event list shows them.
 */
import type { SessionDocument } from '../../lib/shared/session/schema';
import { identityTimeline } from '../../lib/extension-pages/identity/identityTimeline';
import { zoneLabel } from '../../lib/extension-pages/panel/time';
import { Timestamp, useTimeHeading } from '../panel/Timestamp';

export function IdentityTimeline({ session, onSelectEvent }: { session: SessionDocument; onSelectEvent?(eventId: string): void }) {
  const entries = identityTimeline(session);
  const heading = useTimeHeading(zoneLabel(entries[0] ? new Date(entries[0].at) : new Date()));
  if (entries.length === 0) return <p className="empty-note">No identify, alias or reset call and no PF user change captured.</p>;
  return (
    <>
      <p className="identity-timeline__zone">Times {heading.startsWith('from') ? heading : `in ${heading}`}</p>
      <ol className="identity-timeline">
        {entries.map((entry, i) => (
          <li key={i} className={`identity-timeline__entry identity-timeline__entry--${entry.side}`}>
            <Timestamp className="identity-timeline__when" iso={entry.at} />
            <span className={`badge badge--${entry.side === 'segment' ? 'segment' : 'pf'}`}>{entry.side === 'segment' ? 'Segment' : 'PF'}</span>
            {entry.side === 'segment' && onSelectEvent ? (
              <button type="button" className="identity-timeline__link" onClick={() => onSelectEvent(entry.eventId)}>
                {entry.label}
              </button>
            ) : (
              <span className="wrap">{entry.label}</span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
