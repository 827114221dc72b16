/**
 * One mark per row for the narrow list: delivery and verdict together, the worse one winning.
 * A PF event is judged by the Segment track PF sent for it.
 */
import type { EventSummary } from '../../shared/session/summary';
import { verdictLevel } from './eventFields';
import type { PfGroup } from './pfGroups';
import { reachedSegment } from './pfGroups';

export type RowLevel = 'ok' | 'warning' | 'error' | 'pending';

export interface RowStatus {
  level: RowLevel;
  /** what the mark means, in words, for its tooltip and screen readers */
  label: string;
}

const RANK: Record<RowLevel, number> = { ok: 0, pending: 1, warning: 2, error: 3 };

export function rowStatus(event: EventSummary, group: PfGroup | null): RowStatus {
  const subject = event.source === 'productfruits' ? (group?.track ?? null) : event;
  if (event.source === 'productfruits' && (!group || !reachedSegment(group))) return { level: 'error', label: 'Not sent to Segment' };
  if (!subject) return { level: 'pending', label: 'No Segment delivery' };
  const parts: RowStatus[] = [];
  const delivery = subject.delivery;
  if (delivery) {
    const http = delivery.httpStatus !== null ? ` ${delivery.httpStatus}` : '';
    const level: RowLevel = delivery.status === 'delivered' ? 'ok' : delivery.status === 'failed' || delivery.status === 'blocked' ? 'error' : 'pending';
    parts.push({ level, label: `Delivery: ${delivery.status}${http}` });
  }
  if (subject.verdict) {
    const level = verdictLevel(subject.verdict);
    parts.push({ level, label: `Identity: ${level === 'ok' ? 'same person as the page' : level === 'warning' ? 'check the warnings' : 'wrong or unknown person'}` });
  }
  if (parts.length === 0) return { level: 'pending', label: 'No delivery seen yet' };
  const worst = parts.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a));
  return { level: worst.level, label: parts.map((p) => p.label).join(' · ') };
}
