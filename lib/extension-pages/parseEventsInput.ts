/**
 * What the diagnose page accepts as "events": one Segment event, an array of them, a webhook batch
 * body `{ batch: [...] }`, or a whole exported session file. Pasted events become SessionEvents
 * whose `sent` payload is the pasted JSON, since that is exactly what PF's webhook would receive.
 */
import * as v from 'valibot';
import { eventFromPayload, payloadTime } from '../shared/session/eventFromPayload';
import { isRecord } from '../shared/values';
import { boundValue } from '../shared/boundValue';
import { SESSION_FORMAT, SessionDocumentSchema, type PfUserChange, type SessionEvent } from '../shared/session/schema';

export interface ParsedEventsInput {
  events: SessionEvent[];
  pfTimeline: PfUserChange[];
  error?: string;
}

const SHAPES = 'expected a Segment event object with a "type", an array of events, a webhook batch {"batch": [...]}, or a session file';

function failed(error: string): ParsedEventsInput {
  return { events: [], pfTimeline: [], error };
}

function toSessionEvent(raw: Record<string, unknown>, i: number): SessionEvent {
  return {
    id: `pasted-${i + 1}`,
    seq: i + 1,
    ...eventFromPayload(raw.type as string, raw, { capturedAt: payloadTime(raw) ?? '', delivery: null }),
  };
}

function fromEventList(items: readonly unknown[]): ParsedEventsInput {
  const bad = items.findIndex((item) => !isRecord(item) || typeof item.type !== 'string');
  if (bad !== -1) return failed(`Item ${bad + 1} is not a Segment event: it has no "type" field.`);
  if (items.length === 0) return failed('The list of events is empty.');
  return { events: items.map((item, i) => toSessionEvent(item as Record<string, unknown>, i)), pfTimeline: [] };
}

function fromSessionFile(value: unknown): ParsedEventsInput {
  const result = v.safeParse(SessionDocumentSchema, value);
  if (!result.success) {
    const [issue] = result.issues;
    const where = issue ? v.getDotPath(issue) : null;
    return failed(`Not a valid session file: ${where ? `${where}: ` : ''}${issue?.message ?? 'unknown problem'}.`);
  }
  return { events: result.output.events, pfTimeline: result.output.productFruits.userTimeline ?? [] };
}

export function parseEventsInput(input: string): ParsedEventsInput {
  if (input.trim() === '') return failed('Nothing to read: paste Segment event JSON or open a session file.');
  let value: unknown;
  try {
    value = boundValue(JSON.parse(input));
  } catch (error) {
    return failed(`Not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(value)) return fromEventList(value);
  if (!isRecord(value)) return failed(`Not Segment events: ${SHAPES}.`);
  if ('format' in value) {
    return value.format === SESSION_FORMAT ? fromSessionFile(value) : failed(`Not a session file: format is ${JSON.stringify(value.format)}, expected "${SESSION_FORMAT}".`);
  }
  if (Array.isArray(value.batch)) return fromEventList(value.batch);
  if (typeof value.type === 'string') return fromEventList([value]);
  return failed(`Not Segment events: ${SHAPES}.`);
}
