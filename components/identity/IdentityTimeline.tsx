/** Identity changes on both sides in time order; Segment entries open their event in the panel. */
import type { SessionDocument } from '../../lib/shared/session/schema';
import { identityTimeline } from '../../lib/extension-pages/identity/identityTimeline';

function clock(at: string): string {
  return /T(\d\d:\d\d:\d\d\.\d+)/.exec(at)?.[1] ?? '—';
}

export function IdentityTimeline({ session, onSelectEvent }: { session: SessionDocument; onSelectEvent?(eventId: string): void }) {
  const entries = identityTimeline(session);
  if (entries.length === 0) return <p className="empty-note">No identify, alias or reset call and no PF user change captured.</p>;
  return (
    <ol className="identity-timeline">
      {entries.map((entry, i) => (
        <li key={i} className={`identity-timeline__entry identity-timeline__entry--${entry.side}`}>
          <span className="identity-timeline__when">{clock(entry.at)}</span>
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
  );
}
