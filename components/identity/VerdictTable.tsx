/** One row per Segment event: what the webhook reads from it and where PF's rule sends it. */
import { show } from '../../lib/shared/identity/describe';
import type { SessionEvent, Verdict } from '../../lib/shared/session/schema';
import { eventIdentity } from '../../lib/shared/identity/webhookIdentity';
import { FindingList } from './FindingList';

function landsOn(verdict: Verdict): string {
  if (!verdict.pfUser) return 'new PF user';
  return `${show(verdict.pfUser.username)} (${show(verdict.pfUser.email)})`;
}

function samePerson(same: boolean | null): string {
  if (same === null) return 'no page user';
  return same ? 'yes' : 'no';
}

export function VerdictTable({ events, verdicts }: { events: readonly SessionEvent[]; verdicts: ReadonlyMap<string, Verdict> }) {
  const segmentEvents = events.filter((e) => e.source === 'segment');
  if (segmentEvents.length === 0) return <p className="empty-note">No Segment events to judge.</p>;
  return (
    <table className="verdict-table">
      <thead>
        <tr>
          <th>#</th>
          <th>Type</th>
          <th>userId</th>
          <th>Email</th>
          <th>Rule</th>
          <th>Lands on</th>
          <th>Same person</th>
          <th>Findings</th>
        </tr>
      </thead>
      <tbody>
        {segmentEvents.map((event) => {
          const identity = eventIdentity(event);
          const verdict = verdicts.get(event.id);
          return (
            <tr key={event.id}>
              <td>{event.seq}</td>
              <td className="wrap">
                {event.type}
                {event.name !== null && <span className="verdict-table__name"> {event.name}</span>}
              </td>
              <td className="wrap">{show(identity.userId)}</td>
              <td className="wrap">{show(identity.email)}</td>
              {verdict ? (
                <>
                  <td>{verdict.rule}</td>
                  <td className="wrap">{landsOn(verdict)}</td>
                  <td>{samePerson(verdict.samePersonAsPage)}</td>
                  <td>
                    <FindingList findings={verdict.findings} empty="none" />
                  </td>
                </>
              ) : (
                <td colSpan={4} className="empty-note">
                  not judged: PF is assumed not to read it, or it carries no user
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
