/**
 * One event as the panel's list shows it: the columns, the marks and what the chip filters read,
 * without the payload stages. The background answers these for a live tab (a 100,000-event
 * session is about a tenth of the bytes of its events); the detail is asked for on demand.
 */
import * as v from 'valibot';
import { eventIdentity } from '../identity/webhookIdentity';
import { VerdictSchema } from '../identity/schema';
import { idText } from '../values';
import { DeliverySchema, EventSourceSchema, PfLinkSchema, type SessionEvent } from './schema';

export const EventSummarySchema = v.object({
  id: v.string(),
  seq: v.number(),
  capturedAt: v.string(),
  source: EventSourceSchema,
  type: v.string(),
  name: v.nullable(v.string()),
  /** the user the call is about (`eventUserId`) */
  userId: v.nullable(v.string()),
  delivery: v.nullable(DeliverySchema),
  verdict: v.optional(v.nullable(VerdictSchema)),
  pfLink: v.optional(v.nullable(PfLinkSchema)),
  /** a PF event's module (`tours`, `analytics`...): the item kind a PF action row names */
  pfModule: v.optional(v.string()),
  /** a Segment event a library built or that went over the network (a PF action reached Segment) */
  sentOrBuilt: v.optional(v.boolean()),
});

export type EventSummary = v.InferOutput<typeof EventSummarySchema>;

/**
 * The user the call is about, read as the verdict reads it (`eventIdentity`): the network payload,
 * else the built event, else identify's first argument. alias(userId, previousId) names its user
 * only in that argument until it is built, so that is read here too.
 */
export function eventUserId(event: Pick<SessionEvent, 'source' | 'type' | 'args' | 'built' | 'sent'>): string | null {
  if (event.source !== 'segment') return null;
  const userId = idText(eventIdentity(event).userId);
  if (userId !== null || event.type !== 'alias' || (event.sent ?? event.built) != null) return userId;
  return idText(event.args[0]);
}

export function summarize(event: SessionEvent): EventSummary {
  const summary: EventSummary = {
    id: event.id,
    seq: event.seq,
    capturedAt: event.capturedAt,
    source: event.source,
    type: event.type,
    name: event.name,
    userId: eventUserId(event),
    delivery: event.delivery,
  };
  if (event.verdict) summary.verdict = event.verdict;
  if (event.pfLink) summary.pfLink = event.pfLink;
  if (event.pfModule !== undefined) summary.pfModule = event.pfModule;
  if (event.source === 'segment') summary.sentOrBuilt = event.built !== null || event.sent != null;
  return summary;
}
