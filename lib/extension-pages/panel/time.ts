/** How the list shows capture times: absolute clock time, or offset from the first event. */
export type TimeMode = 'relative' | 'absolute';

export function formatEventTime(capturedAt: string, mode: TimeMode, originMs: number | null): string {
  const at = Date.parse(capturedAt);
  if (Number.isNaN(at)) return capturedAt;
  if (mode === 'relative' && originMs !== null) return formatOffset(at - originMs);
  return formatClock(new Date(at));
}

function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)}s`;
}

/** Local wall-clock time with milliseconds, as a user compares it with their own actions. */
function formatClock(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
