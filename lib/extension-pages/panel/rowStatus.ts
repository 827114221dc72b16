/**
 * One mark per row for the narrow list: delivery and verdict together, the worse one winning.
 * A PF event is judged by the Segment track PF sent for it.
 */
import type { EventSummary } from '../../shared/session/summary';
import { isSuperseded, shownVerdict } from './severity';
import type { PfGroup } from './pfGroups';
import { reachedSegment } from './pfGroups';

export type RowLevel = 'ok' | 'note' | 'warning' | 'error' | 'pending';

export interface RowStatus {
  level: RowLevel;
  /** what the mark means, in words, for its tooltip and screen readers */
  label: string;
}

const RANK: Record<RowLevel, number> = { ok: 0, note: 1, pending: 1, warning: 2, error: 3 };

/** `lightSubject`: the seq of the light's subject (`subjectSeq`); verdicts before it were superseded. */
export function rowStatus(event: EventSummary, group: PfGroup | null, lightSubject: number | null = null): RowStatus {
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
    parts.push(shownVerdict(subject.verdict, isSuperseded(subject, lightSubject)));
  }
  if (parts.length === 0) return { level: 'pending', label: 'No delivery seen yet' };
  const worst = parts.reduce((a, b) => (RANK[b.level] > RANK[a.level] ? b : a));
  return { level: worst.level, label: parts.map((p) => p.label).join(' · ') };
}
