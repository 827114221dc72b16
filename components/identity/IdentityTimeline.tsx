/** Identity changes on both sides in time order; Segment entries open their event in the panel. */
import type { SessionDocument } from '../../lib/shared/session/schema';
import { identityTimeline } from '../../lib/extension-pages/identity/identityTimeline';
import { clockTime, fullTime, zoneLabel } from '../../lib/extension-pages/panel/time';

export function IdentityTimeline({ session, onSelectEvent }: { session: SessionDocument; onSelectEvent?(eventId: string): void }) {
  const entries = identityTimeline(session);
  if (entries.length === 0) return <p className="empty-note">No identify, alias or reset call and no PF user change captured.</p>;
  return (
    <>
      <p className="identity-timeline__zone">Times in {zoneLabel(new Date(entries[0]!.at))}</p>
      <ol className="identity-timeline">
        {entries.map((entry, i) => (
          <li key={i} className={`identity-timeline__entry identity-timeline__entry--${entry.side}`}>
            <time className="identity-timeline__when" dateTime={entry.at} title={fullTime(entry.at)}>
              {clockTime(entry.at)}
            </time>
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
