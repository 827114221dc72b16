/** Delivery tab: the outcome of sending the event, and each attempt the capture saw. */
import type { SessionEvent } from '../../lib/shared/session/schema';
import { zoneLabel } from '../../lib/extension-pages/panel/time';
import { DeliveryMark } from './Marks';
import { Timestamp, useTimeHeading } from './Timestamp';

export interface DeliveryViewProps {
  event: SessionEvent;
  /** for a PF event: the Segment track PF sent for it, if still in the session */
  linked?: SessionEvent | null;
  onSelectEvent?: (id: string) => void;
}

export function DeliveryView({ event, linked = null, onSelectEvent }: DeliveryViewProps) {
  const { delivery } = event;
  const heading = useTimeHeading(zoneLabel(new Date(delivery?.attempts?.[0]?.at ?? event.capturedAt)));
  if (event.source === 'productfruits') return <PfDelivery event={event} track={linked} onSelectEvent={onSelectEvent} />;
  if (!delivery) return <p className="empty-note">No delivery seen for this call.</p>;
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
              <th>At ({heading})</th>
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
                  <Timestamp iso={attempt.at} />
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

/** A PF event is delivered as the Segment track PF sends for it. */
function PfDelivery({ event, track, onSelectEvent }: { event: SessionEvent; track: SessionEvent | null; onSelectEvent?: (id: string) => void }) {
  if (!event.pfLink) return <p className="empty-note">✗ Not sent to Segment: no Segment track was seen for this PF event.</p>;
  if (!track) return <p className="empty-note">PF sent this as Segment event {event.pfLink.eventId}, which is no longer in this session.</p>;
  return (
    <div className="delivery-view">
      <p>
        PF sent this to Segment as{' '}
        <button type="button" className="link-view__target" onClick={() => onSelectEvent?.(track.id)}>
          #{track.seq} {track.type} {track.name !== null ? `'${track.name}'` : ''}
        </button>
        {': '}
        <DeliveryMark delivery={track.delivery} />
      </p>
    </div>
  );
}
