/** Delivery tab: the outcome of sending the event, and each attempt the capture saw. */
import type { SessionEvent } from '../../lib/shared/session/schema';
import { clockTime, fullTime, zoneLabel } from '../../lib/extension-pages/panel/time';
import { DeliveryMark } from './Marks';

export function DeliveryView({ event }: { event: SessionEvent }) {
  const { delivery } = event;
  if (!delivery) {
    return <p className="empty-note">No delivery information: Product Fruits events are not sent to Segment.</p>;
  }
  return (
    <div className="delivery-view">
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <DeliveryMark delivery={delivery} />
        </dd>
        <dt>HTTP status</dt>
        <dd>{delivery.httpStatus ?? 'none'}</dd>
        <dt>URL</dt>
        <dd className="wrap">{delivery.url ?? 'unknown'}</dd>
        {event.via && (
          <>
            <dt>Captured via</dt>
            <dd>{event.via}</dd>
          </>
        )}
      </dl>
      {delivery.attempts && delivery.attempts.length > 0 && (
        <table className="attempts">
          <caption>Attempts</caption>
          <thead>
            <tr>
              <th>At ({zoneLabel(new Date(delivery.attempts[0]!.at))})</th>
              <th>Status</th>
              <th>HTTP</th>
              <th>Transport</th>
              <th>URL</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {delivery.attempts.map((attempt, i) => (
              <tr key={i} className={`attempt attempt--${attempt.status}`}>
                <td>
                  <time dateTime={attempt.at} title={fullTime(attempt.at)}>
                    {clockTime(attempt.at)}
                  </time>
                </td>
                <td>{attempt.status}</td>
                <td>{attempt.httpStatus ?? ''}</td>
                <td>{attempt.transport}</td>
                <td className="wrap">{attempt.url ?? ''}</td>
                <td>{attempt.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
