import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyTimestamp, parseTimestamp } from './auditEvent';

const two = (n: number) => String(n).padStart(2, '0');

describe('parseTimestamp', () => {
  it('reads the common shapes digit by digit exactly as the general reader does', () => {
    const shaped = fc
      .record({
        year: fc.integer({ min: 0, max: 9999 }),
        month: fc.integer({ min: 0, max: 13 }),
        day: fc.integer({ min: 0, max: 32 }),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 60 }),
        second: fc.integer({ min: 0, max: 61 }),
        sep: fc.constantFrom('T', ' ', 'x'),
        fraction: fc.constantFrom('', '.', '.5', '.12', '.123', '.123456', '.1a'),
        zone: fc.constantFrom('', 'Z', 'z', ' UTC', 'UTC', '  utc', ' +00', '+01:30', '-0200', ' Z', 'ZZ', ' '),
        pad: fc.constantFrom('', ' '),
      })
      .map((t) => `${t.pad}${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)}${t.sep}${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.fraction}${t.zone}`);
    fc.assert(
      fc.property(shaped, (s) => {
        expect(Object.is(parseTimestamp(s), anyTimestamp(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps milliseconds and drops the digits past them', () => {
    expect(parseTimestamp('2024-01-02 03:04:05.123456 UTC')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 123));
    expect(parseTimestamp('2024-01-02T03:04:05.5Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 500));
  });
});
