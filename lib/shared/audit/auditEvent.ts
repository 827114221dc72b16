/**
 * One identity-carrying Segment event as the audit reads it, whatever file it came from, and the
 * Segment user it belongs to (userId, else anonymousId). Readers hand the fields to the auditor
 * one by one (`EventSink.event`), so ten million events build no object each.
 */
import { presentUserId } from '../identity/resolveIdentity';

export interface SkippedRow {
  line: number;
  reason: string;
}

/** The Segment user key: userId, else anonymousId; null when the event names neither. */
export function segmentUserOf(userIdValue: unknown, anonymousIdValue: unknown): string | null {
  const userId = presentUserId(userIdValue);
  if (userId !== null) return String(userId);
  const anonymousId = presentUserId(anonymousIdValue);
  return anonymousId === null ? null : String(anonymousId);
}

const WAREHOUSE_TIME = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?\s*(Z|UTC|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * Segment's ISO times and warehouse exports ("2024-01-02 03:04:05.123456 UTC", "+00"). A time
 * without a zone is UTC, as warehouse timestamps are; digits beyond milliseconds are dropped.
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string' || value === '') return Number.NaN;
  const fast = commonTimestamp(value);
  return Number.isNaN(fast) ? anyTimestamp(value) : fast;
}

/** The general reader, for every shape (exported so tests can hold the fast path to it). */
export function anyTimestamp(value: string): number {
  const m = WAREHOUSE_TIME.exec(value.trim());
  if (!m) return Date.parse(value);
  const [, date, time, fraction = '', zone = 'Z'] = m;
  const ms = fraction === '' ? '' : `.${fraction.slice(1, 4).padEnd(3, '0')}`;
  let offset = zone.toUpperCase() === 'UTC' || zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (/^[+-]\d\d$/.test(offset)) offset = `${offset}:00`;
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return Date.parse(`${date}T${time}${ms}${offset}`);
}

const ZERO = 48;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The shapes nearly every export uses ("2024-01-02T03:04:05.123Z", "2024-01-02 03:04:05.123456
 * UTC", zone-less), read digit by digit: a regular expression and Date.parse per row dominated
 * a ten-million-row audit. NaN means "not this shape" (or a field near a range edge), and the
 * general parser decides, so results are the same either way.
 */
// Rows of one export share their day: its start is computed once per day, not once per row.
let lastDay = -1;
let lastDayStart = 0;

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== lastDay) {
    lastDayStart = Date.UTC(year, month - 1, day);
    lastDay = key;
  }
  return lastDayStart + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

function commonTimestamp(s: string): number {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return Number.NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Number.NaN;
  }
  let at = 19;
  let ms = 0;
  if (at < n && s.charCodeAt(at) === 46) {
    at++;
    const start = at;
    while (at < n && s.charCodeAt(at) >= ZERO && s.charCodeAt(at) <= ZERO + 9) at++;
    const count = at - start;
    if (count === 0) return Number.NaN;
    ms = digits(s, start, Math.min(count, 3)) * (count === 1 ? 100 : count === 2 ? 10 : 1);
  }
  if (at < n) {
    const c = s.charCodeAt(at);
    if ((c === 90 || c === 122) && at + 1 === n) return utc(year, month, day, hour, minute, second, ms);
    while (at < n && s.charCodeAt(at) === 32) at++;
    if (at + 3 !== n || s.slice(at).toUpperCase() !== 'UTC') return Number.NaN;
  }
  return utc(year, month, day, hour, minute, second, ms);
}
