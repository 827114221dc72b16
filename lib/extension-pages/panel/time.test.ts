import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent, makeSession } from '../../../tests/support/sessionFactory';
import { identityTimeline } from '../identity/identityTimeline';
import { clockTime, formatEventTime, fullTime, zoneLabel } from './time';

// A zone with a non-whole-hour offset and no daylight saving: local and UTC can never agree by accident.
const ZONE = 'Asia/Kathmandu';

describe('the one clock', () => {
  let savedTz: string | undefined;
  beforeEach(() => {
    savedTz = process.env.TZ;
    process.env.TZ = ZONE;
  });
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('shows local time with milliseconds, names the zone, and keeps UTC in the full form', () => {
    expect(clockTime('2026-11-29T17:59:00.250Z')).toBe('23:44:00.250');
    expect(zoneLabel(new Date('2026-11-29T17:59:00.250Z'))).toBe('UTC+05:45');
    expect(fullTime('2026-11-29T17:59:00.250Z')).toBe('2026-11-29 23:44:00.250 UTC+05:45 (2026-11-29T17:59:00.250Z)');
    expect(clockTime('not a time')).toBe('not a time');
  });

  it('gives the event list and the identity timeline the same time for the same event', () => {
    const identify = makeEvent(1, { type: 'identify', name: null, capturedAt: '2026-11-29T18:00:01.125Z' });
    const [entry] = identityTimeline(makeSession({ events: [identify] }));
    expect(clockTime(entry!.at)).toBe(formatEventTime(identify.capturedAt, 'absolute', null));
    expect(formatEventTime(identify.capturedAt, 'absolute', null)).toBe('23:45:01.125');
  });

  it('shows offsets from the first event in relative mode', () => {
    expect(formatEventTime('2026-11-29T18:00:01.125Z', 'relative', Date.parse('2026-11-29T18:00:00.000Z'))).toBe('+1.125s');
  });
});
