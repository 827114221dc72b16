/** Small coloured marks shared by the list, the detail pane, the PF card and the popup. */
import type { Delivery, Severity, SessionEvent, Verdict } from '../../lib/shared/session/schema';
import { verdictLevel } from '../../lib/extension-pages/panel/eventFields';

export function SourceBadge({ source }: { source: SessionEvent['source'] }) {
  return source === 'segment' ? (
    <span className="badge badge--segment" title="Segment call">
      Segment
    </span>
  ) : (
    <span className="badge badge--pf" title="Product Fruits event">
      PF
    </span>
  );
}

/** Failed and blocked deliveries carry a warning sign as well as colour, so they read without colour too. */
export function DeliveryMark({ delivery }: { delivery: Delivery | null }) {
  if (!delivery) {
    return (
      <span className="delivery delivery--none" title="No delivery: this event is not sent to Segment">
        —
      </span>
    );
  }
  const flagged = delivery.status === 'failed' || delivery.status === 'blocked';
  const http = delivery.httpStatus !== null ? ` ${delivery.httpStatus}` : '';
  return (
    <span className={`delivery delivery--${delivery.status}`}>
      {flagged ? '⚠ ' : ''}
      {delivery.status}
      {http}
    </span>
  );
}

const VERDICT_MARKS = {
  ok: { symbol: '✓', label: 'Identity: same person as the page' },
  warning: { symbol: '!', label: 'Identity: check the warnings' },
  error: { symbol: '✗', label: 'Identity: wrong or unknown person' },
} as const;

export function VerdictMark({ verdict }: { verdict: Verdict }) {
  const level = verdictLevel(verdict);
  const { symbol, label } = VERDICT_MARKS[level];
  return (
    <span className={`verdict verdict--${level}`} role="img" aria-label={label} title={label}>
      {symbol}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`severity severity--${severity}`}>{severity}</span>;
}
