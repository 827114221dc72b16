/**
 * One identity-carrying Segment event as the audit reads it, whatever file it came from, and the
 * Segment user it belongs to (userId, else anonymousId).
 */
import { presentUserId } from '../identity/resolveIdentity';

export interface AuditEvent {
  /** 1-based line in the file (for a JSON document: the event's position in it). */
  line: number;
  type: string;
  userId: unknown;
  anonymousId: unknown;
  email: unknown;
  /** Milliseconds since the epoch; NaN when the event has no readable time. */
  time: number;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

/** The Segment user key: userId, else anonymousId; null when the event names neither. */
export function segmentUserOf(e: Pick<AuditEvent, 'userId' | 'anonymousId'>): string | null {
  const userId = presentUserId(e.userId);
  if (userId !== null) return String(userId);
  const anonymousId = presentUserId(e.anonymousId);
  return anonymousId === null ? null : String(anonymousId);
}

const WAREHOUSE_TIME = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(\.\d+)?\s*(Z|UTC|[+-]\d\d(?::?\d\d)?)?$/i;

/**
 * Segment's ISO times and warehouse exports ("2024-01-02 03:04:05.123456 UTC", "+00"). A time
 * without a zone is UTC, as warehouse timestamps are; digits beyond milliseconds are dropped.
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string' || value === '') return Number.NaN;
  const m = WAREHOUSE_TIME.exec(value.trim());
  if (!m) return Date.parse(value);
  const [, date, time, fraction = '', zone = 'Z'] = m;
  const ms = fraction === '' ? '' : `.${fraction.slice(1, 4).padEnd(3, '0')}`;
  let offset = zone.toUpperCase() === 'UTC' || zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (/^[+-]\d\d$/.test(offset)) offset = `${offset}:00`;
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return Date.parse(`${date}T${time}${ms}${offset}`);
}
