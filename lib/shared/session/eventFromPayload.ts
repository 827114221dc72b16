/**
 * The one way a Segment payload (as it went over the network, pasted, or read from a HAR) becomes
 * a session event: the payload is `sent`, exactly what PF's webhook receives, and the event's name
 * and page come from the payload itself. The caller says when and how it was seen.
 */
import { firstString, readProp } from '../values';
import type { CaptureVia, Delivery, SessionEvent } from './schema';

export type PayloadEvent = Omit<SessionEvent, 'id' | 'seq'>;

export interface PayloadSighting {
  capturedAt: string;
  delivery: Delivery | null;
  via?: CaptureVia;
}

/** The time the payload says it was made: what a pasted event has instead of a capture time. */
export function payloadTime(payload: unknown): string | null {
  return firstString(readProp(payload, 'timestamp'), readProp(payload, 'originalTimestamp'), readProp(payload, 'receivedAt'));
}

export function eventFromPayload(type: string, payload: unknown, seen: PayloadSighting): PayloadEvent {
  return {
    capturedAt: seen.capturedAt,
    pageUrl: firstString(readProp(readProp(readProp(payload, 'context'), 'page'), 'url')) ?? '',
    source: 'segment',
    type,
    name: firstString(readProp(payload, 'event'), readProp(payload, 'name')),
    args: [],
    built: null,
    sent: payload,
    delivery: seen.delivery,
    ...(seen.via ? { via: seen.via } : {}),
  };
}
