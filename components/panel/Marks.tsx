/** Small coloured marks shared by the list, the detail pane, the PF card and the popup. */
import type { Delivery, Severity, SessionEvent, Verdict } from '../../lib/shared/session/schema';
import { shownVerdict, type ShownLevel } from '../../lib/extension-pages/panel/severity';
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

const VERDICT_SYMBOLS: Record<ShownLevel, string> = { ok: '✓', note: 'i', warning: '!', error: '✗' };

/** `superseded`: the event came before the light's subject (the latest identify), whose verdict decides. */
export function VerdictMark({ verdict, superseded = false }: { verdict: Verdict; superseded?: boolean }) {
  const { level, label } = shownVerdict(verdict, superseded);
  return (
    <span className={`verdict verdict--${level}`} role="img" aria-label={label} title={label}>
      {VERDICT_SYMBOLS[level]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`severity severity--${severity}`}>{severity}</span>;
}

const ROW_SYMBOLS: Record<RowLevel, string> = { ok: '✓', note: 'i', pending: '…', warning: '!', error: '✗' };

/** The narrow list's one mark: delivery and verdict together, spelled out in its label. */
export function RowStatusMark({ status }: { status: RowStatus }) {
  return (
    <span className={`row-status row-status--${status.level}`} role="img" aria-label={status.label} title={status.label}>
      {ROW_SYMBOLS[status.level]}
    </span>
  );
}
