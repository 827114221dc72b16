/** Small coloured marks shared by the list, the detail pane, the PF card and the popup. */
import type { Delivery, Severity, SessionEvent, Verdict } from '../../lib/shared/session/schema';
import { verdictLevel } from '../../lib/extension-pages/panel/eventFields';
import type { RowLevel, RowStatus } from '../../lib/extension-pages/panel/rowStatus';

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
      <span className="delivery delivery--none" title="No delivery seen for this event">
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

const ROW_SYMBOLS: Record<RowLevel, string> = { ok: '✓', pending: '…', warning: '!', error: '✗' };

/** The narrow list's one mark: delivery and verdict together, spelled out in its label. */
export function RowStatusMark({ status }: { status: RowStatus }) {
  return (
    <span className={`row-status row-status--${status.level}`} role="img" aria-label={status.label} title={status.label}>
      {ROW_SYMBOLS[status.level]}
    </span>
  );
}
