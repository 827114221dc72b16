/**
 * The one clock of every view (event list, identity timeline, PF user changes, delivery attempts):
 * local wall-clock time with milliseconds, as a user compares it with their own actions, with the
 * zone named and the full instant (local and UTC) in a tooltip. Documents and exports keep ISO
 * UTC strings (docs/session-format.md); only what is shown is local.
 */

/** How the list shows capture times: absolute clock time, or offset from the first event. */
export type TimeMode = 'relative' | 'absolute';

const two = (n: number) => String(n).padStart(2, '0');

export function formatEventTime(capturedAt: string, mode: TimeMode, originMs: number | null): string {
  const at = Date.parse(capturedAt);
  if (Number.isNaN(at)) return capturedAt;
  if (mode === 'relative' && originMs !== null) return formatOffset(at - originMs);
  return clockTime(capturedAt);
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)}s`;
}

function clockOf(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** `HH:MM:SS.mmm` local time; text that is no time is shown as it is. */
export function clockTime(iso: string): string {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : clockOf(new Date(at));
}

/** The local zone at that instant as an offset, `UTC+01:00` (zones change offset over the year). */
export function zoneLabel(at: Date = new Date()): string {
  const offset = -(Number.isNaN(at.getTime()) ? new Date() : at).getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `UTC${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** The full instant for a tooltip: local date, time and zone, then the UTC ISO string. */
export function fullTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const date = new Date(at);
  const day = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return `${day} ${clockOf(date)} ${zoneLabel(date)} (${date.toISOString()})`;
}
