/**
 * Reads Segment identity data one line at a time and hands each identity-carrying event to a sink:
 * NDJSON events (a line may also be a webhook batch or a one-line session file), the warehouse
 * `identifies` table exported as CSV, or one JSON document (an array of events, a webhook batch
 * body, a session file, one event). NDJSON and CSV stream; a JSON document is parsed whole at the
 * end, so very large inputs should be NDJSON or CSV.
 */
import { isRecord } from '../values';
import { eventIdentity, webhookIdentityOf } from '../identity/webhookIdentity';
import { presentUserId } from '../identity/resolveIdentity';
import { parseTimestamp, segmentUserOf } from './auditEvent';
import { csvDelimiter, isOpenRecord, splitCsvRecord, type CsvDelimiter } from './csvLine';

export type EventsFormat = 'ndjson' | 'json' | 'csv';

export interface EventSink {
  /**
   * One event with a Segment user. Fields come one by one so a row builds no object: `line` is
   * 1-based in the file (for a JSON document: the event's position in it), `time` milliseconds
   * since the epoch or NaN when the event has no readable time.
   */
  event(line: number, type: string, userId: unknown, anonymousId: unknown, email: unknown, time: number): void;
  skip(line: number, reason: string): void;
}

const EXPECTED_EVENTS =
  'expected NDJSON Segment events, a JSON array of events, a webhook batch {"batch": [...]}, a session file, or a CSV export of the warehouse identifies table with user_id / anonymous_id columns';

export class EventsFormatError extends Error {}

function formatError(fileName: string | undefined, detail: string): EventsFormatError {
  return new EventsFormatError(`Not Segment identity data${fileName ? ` (${fileName})` : ''}: ${EXPECTED_EVENTS}; ${detail}`);
}

function timeOf(raw: Record<string, unknown>): number {
  for (const key of ['receivedAt', 'timestamp', 'originalTimestamp', 'sentAt']) {
    const t = parseTimestamp(raw[key]);
    if (!Number.isNaN(t)) return t;
  }
  return Number.NaN;
}

function hasIdentity(userId: unknown, anonymousId: unknown): boolean {
  return segmentUserOf(userId, anonymousId) !== null;
}

const NO_ID = 'no userId or anonymousId, so no Segment user to audit';

function segmentEvent(raw: unknown, line: number, sink: EventSink): void {
  if (!isRecord(raw) || typeof raw.type !== 'string') {
    sink.skip(line, 'not a Segment event: no "type" field');
    return;
  }
  const id = webhookIdentityOf(raw);
  if (hasIdentity(id.userId, id.anonymousId)) sink.event(line, id.type, id.userId, id.anonymousId, id.email, timeOf(raw));
  else sink.skip(line, NO_ID);
}

/** A captured session: other calls carry the userId Segment stored, until reset() clears it. */
function sessionEvents(doc: Record<string, unknown>, sink: EventSink): void {
  const events = Array.isArray(doc.events) ? doc.events : [];
  let stored: unknown = null;
  events.forEach((raw, i) => {
    if (!isRecord(raw) || raw.source !== 'segment' || typeof raw.type !== 'string') return;
    if (raw.type === 'reset') {
      stored = null;
      return;
    }
    const id = eventIdentity(
      { type: raw.type, sent: raw.sent, built: raw.built, args: Array.isArray(raw.args) ? raw.args : [] } as Parameters<typeof eventIdentity>[0],
      stored,
    );
    if (presentUserId(id.userId) !== null) stored = id.userId;
    if (hasIdentity(id.userId, id.anonymousId)) sink.event(i + 1, id.type, id.userId, id.anonymousId, id.email, parseTimestamp(raw.capturedAt));
    else sink.skip(i + 1, NO_ID);
  });
}

function isSessionFile(value: Record<string, unknown>): boolean {
  return typeof value.format === 'string' && Array.isArray(value.events);
}

function jsonValue(value: unknown, line: number, sink: EventSink, fileName: string | undefined): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => segmentEvent(item, i + 1, sink));
    return;
  }
  if (!isRecord(value)) throw formatError(fileName, 'the JSON is neither an object nor an array');
  if (isSessionFile(value)) sessionEvents(value, sink);
  else if (Array.isArray(value.batch)) value.batch.forEach((item, i) => segmentEvent(item, i + 1, sink));
  else if (typeof value.type === 'string') segmentEvent(value, line, sink);
  else throw formatError(fileName, `line ${line} is a JSON object without "type", "batch" or "events"`);
}

interface CsvColumns {
  delimiter: CsvDelimiter;
  width: number;
  userId: number;
  anonymousId: number;
  email: number;
  contextEmail: number;
  time: number;
  type: number;
  /** 1 at the index of each column the audit reads */
  wanted: Uint8Array;
  /** reused for the cells of quote-free records */
  scratch: string[];
}

function csvColumns(headerLine: string, fileName: string | undefined): CsvColumns {
  const delimiter = csvDelimiter(headerLine);
  const names = splitCsvRecord(headerLine, delimiter).map((h) => h.trim().toLowerCase());
  const at = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
  const columns = {
    delimiter,
    width: names.length,
    userId: at('user_id', 'userid'),
    anonymousId: at('anonymous_id', 'anonymousid'),
    email: at('email', 'traits_email'),
    contextEmail: at('context_traits_email'),
    time: at('received_at', 'receivedat', 'timestamp', 'original_timestamp'),
    type: at('type'),
    wanted: new Uint8Array(names.length),
    scratch: new Array<string>(names.length).fill(''),
  };
  for (const index of [columns.userId, columns.anonymousId, columns.email, columns.contextEmail, columns.time, columns.type]) {
    if (index !== -1) columns.wanted[index] = 1;
  }
  if (columns.userId === -1 && columns.anonymousId === -1) {
    throw formatError(fileName, `the first line is not JSON and has no user_id or anonymous_id column (found ${JSON.stringify(names.slice(0, 6))})`);
  }
  return columns;
}

function cell(cells: readonly string[], at: number): string | null {
  const value = at === -1 ? undefined : cells[at];
  return value === undefined || value === '' ? null : value;
}

/**
 * A record without quotes (nearly every warehouse row) is read in place: the cells the audit
 * needs are cut out and the rest only counted, so a row costs no array of cells.
 */
function plainCells(record: string, c: CsvColumns, into: string[]): number {
  const d = c.delimiter;
  let start = 0;
  let index = 0;
  for (;;) {
    const end = record.indexOf(d, start);
    const stop = end === -1 ? record.length : end;
    if (c.wanted[index] === 1) into[index] = stop === start ? '' : record.slice(start, stop);
    index++;
    if (end === -1) return index;
    start = end + 1;
  }
}

function csvEvent(record: string, line: number, c: CsvColumns, sink: EventSink): void {
  let cells: string[];
  let width: number;
  if (record.includes('"')) {
    cells = splitCsvRecord(record, c.delimiter);
    width = cells.length;
  } else {
    cells = c.scratch;
    width = plainCells(record, c, cells);
  }
  if (width !== c.width) {
    sink.skip(line, `expected ${c.width} cells, found ${width}`);
    return;
  }
  const timeText = cell(cells, c.time);
  const time = timeText === null ? Number.NaN : parseTimestamp(timeText);
  if (timeText !== null && Number.isNaN(time)) {
    sink.skip(line, `received_at ${JSON.stringify(timeText.slice(0, 40))} is not a timestamp`);
    return;
  }
  const userId = cell(cells, c.userId);
  const anonymousId = cell(cells, c.anonymousId);
  if (hasIdentity(userId, anonymousId)) {
    sink.event(line, cell(cells, c.type) ?? 'identify', userId, anonymousId, cell(cells, c.email) ?? cell(cells, c.contextEmail), time);
  } else sink.skip(line, 'no user_id or anonymous_id, so no Segment user to audit');
}

/** Whether a line holds nothing but whitespace (a line starting with a cell is never trimmed). */
function isBlank(text: string): boolean {
  if (text === '') return true;
  const first = text.charCodeAt(0);
  return (first <= 32 || first === 0xa0 || first > 0x1000) && text.trim() === '';
}

export interface EventsReader {
  /** Feeds the next line of the file, without its line break. */
  line(text: string): void;
  end(): void;
  readonly format: EventsFormat | null;
}

export function createEventsReader(sink: EventSink, fileName?: string): EventsReader {
  let lineNo = 0;
  let format: EventsFormat | null = null;
  let columns: CsvColumns | null = null;
  let documentLines: string[] | null = null;
  let pending: { text: string; line: number } | null = null;

  const ndjsonLine = (text: string, line: number) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      sink.skip(line, `malformed JSON: ${(error as Error).message}`);
      return;
    }
    if (isRecord(value) && (isSessionFile(value) || Array.isArray(value.batch))) jsonValue(value, line, sink, fileName);
    else segmentEvent(value, line, sink);
  };

  const first = (text: string) => {
    const body = text.replace(/^\uFEFF/, '').trim();
    if (body.startsWith('{')) {
      try {
        JSON.parse(body);
        format = 'ndjson';
        ndjsonLine(body, lineNo);
        return;
      } catch {
        // not a whole object on one line: a pretty-printed document
      }
    }
    if (body.startsWith('{') || body.startsWith('[')) {
      format = 'json';
      documentLines = [body];
      return;
    }
    format = 'csv';
    columns = csvColumns(body, fileName);
  };

  return {
    get format() {
      return format;
    },
    line(text: string) {
      lineNo += 1;
      if (format === null) {
        if (text.trim() !== '') first(text);
        return;
      }
      if (documentLines) {
        documentLines.push(text);
        return;
      }
      if (format === 'ndjson') {
        const body = text.trim();
        if (body !== '') ndjsonLine(body, lineNo);
        return;
      }
      const c = columns as CsvColumns;
      if (pending === null && !text.includes('"')) {
        if (!isBlank(text)) csvEvent(text, lineNo, c, sink);
        return;
      }
      const record = pending ? { text: `${pending.text}\n${text}`, line: pending.line } : { text, line: lineNo };
      if (isOpenRecord(record.text)) {
        pending = record;
        return;
      }
      pending = null;
      if (!isBlank(record.text)) csvEvent(record.text, record.line, c, sink);
    },
    end() {
      if (format === null) throw formatError(fileName, 'the file is empty');
      if (pending) sink.skip(pending.line, 'unterminated quote');
      if (!documentLines) return;
      let value: unknown;
      try {
        value = JSON.parse(documentLines.join('\n'));
      } catch (error) {
        throw formatError(fileName, `the JSON does not parse: ${(error as Error).message}`);
      }
      documentLines = null;
      jsonValue(value, 1, sink, fileName);
    },
  };
}
