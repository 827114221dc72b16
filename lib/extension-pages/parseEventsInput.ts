/**
 * What the diagnose page accepts as "events": one Segment event, an array of them, a webhook batch
 * body `{ batch: [...] }`, a whole exported session file, Segment HTTP API bodies without `type`
 * (the endpoint named it: `{"userId": "42", "event": "Item Purchased"}` is a track), or NDJSON /
 * log lines with one JSON event each (text before the first `{` on a line is ignored). Pasted events become SessionEvents
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

const SHAPES = 'expected a Segment event object (with a "type", or an HTTP API body with "event", "traits", "groupId" or "previousId"), an array of events, a webhook batch {"batch": [...]}, NDJSON or log lines, or a session file';

function failed(error: string): ParsedEventsInput {
  return { events: [], pfTimeline: [], error };
}

/**
 * The call type of a Segment HTTP API body, which has none when posted to /v1/track, /v1/identify...:
 * read from the fields only that call has. null: not a Segment event.
 */
export function inferredType(raw: Record<string, unknown>): string | null {
  if (typeof raw.type === 'string') return raw.type;
  const hasIdentity = 'userId' in raw || 'anonymousId' in raw;
  if (typeof raw.event === 'string') return 'track';
  if (typeof raw.previousId === 'string' || typeof raw.previousId === 'number') return 'alias';
  if ('groupId' in raw && hasIdentity) return 'group';
  if (isRecord(raw.traits) && hasIdentity) return 'identify';
  if ((typeof raw.name === 'string' || isRecord(raw.properties)) && hasIdentity) return 'page';
  return null;
}

function toSessionEvent(raw: Record<string, unknown>, type: string, i: number): SessionEvent {
  const payload = raw.type === type ? raw : { ...raw, type };
  return {
    id: `pasted-${i + 1}`,
    seq: i + 1,
    ...eventFromPayload(type, payload, { capturedAt: payloadTime(raw) ?? '', delivery: null }),
  };
}

function fromEventList(items: readonly unknown[]): ParsedEventsInput {
  const types = items.map((item) => (isRecord(item) ? inferredType(item) : null));
  const bad = types.findIndex((type) => type === null);
  if (bad !== -1) return failed(`Item ${bad + 1} is not a Segment event: it has no "type" field, and no "event", "traits", "groupId" or "previousId" to tell the call.`);
  if (items.length === 0) return failed('The list of events is empty.');
  return { events: items.map((item, i) => toSessionEvent(item as Record<string, unknown>, types[i]!, i)), pfTimeline: [] };
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
    return fromLines(input) ?? failed(`Not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(value)) return fromEventList(value);
  if (!isRecord(value)) return failed(`Not Segment events: ${SHAPES}.`);
  if ('format' in value) {
    return value.format === SESSION_FORMAT ? fromSessionFile(value) : failed(`Not a session file: format is ${JSON.stringify(value.format)}, expected "${SESSION_FORMAT}".`);
  }
  if (Array.isArray(value.batch)) return fromEventList(value.batch);
  if (inferredType(value) !== null) return fromEventList([value]);
  return failed(`Not Segment events: ${SHAPES}.`);
}

/** NDJSON or log lines: each non-blank line holds one JSON object from its first `{`. null: not that shape. */
function fromLines(input: string): ParsedEventsInput | null {
  const lines = input.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return null;
  const items: unknown[] = [];
  for (const [i, line] of lines.entries()) {
    const start = line.indexOf('{');
    if (start === -1) return lines.length > 1 ? failed(`Line ${i + 1} holds no JSON object.`) : null;
    try {
      items.push(JSON.parse(line.slice(start)));
    } catch (error) {
      return lines.length > 1 || start > 0 ? failed(`Line ${i + 1} is not valid JSON: ${(error as Error).message}`) : null;
    }
  }
  return fromEventList(items);
}
