import { describe, expect, it } from 'vitest';
import { makeEvent, makePfEvent } from '../../../tests/support/sessionFactory';
import type { SessionEvent } from '../session/schema';
import { correlatePfEvents } from './correlate';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const track = (seq: number, name: string, ms: number, overrides: Partial<SessionEvent> = {}) =>
  makeEvent(seq, { type: 'track', name, capturedAt: at(ms), ...overrides });
const pf = (seq: number, type: string, ms: number) => makePfEvent(seq, type, { capturedAt: at(ms) });

describe('correlatePfEvents', () => {
  it('joins a PF event to the track with its catalogue name, both ways', () => {
    const { links, unmatched } = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Tour Finished', 40)]);
    expect(links.get('e-1')).toEqual({ eventId: 'e-2', by: 'name' });
    expect(links.get('e-2')).toEqual({ eventId: 'e-1', by: 'name' });
    expect(unmatched).toEqual([]);
  });

  it('picks the closest track of that name within two seconds, and none beyond', () => {
    const events = [track(1, 'Tour Skipped', -1500), pf(2, 'tour-skipped', 0), track(3, 'Tour Skipped', 300)];
    expect(correlatePfEvents(events).links.get('e-2')?.eventId).toBe('e-3');
    const late = correlatePfEvents([pf(1, 'tour-skipped', 0), track(2, 'Tour Skipped', 2001)]);
    expect(late.links.size).toBe(0);
    expect(late.unmatched.map((e) => e.id)).toEqual(['e-1']);
  });

  it('falls back to timing only for names the catalogue does not know', () => {
    const unknown = correlatePfEvents([pf(1, 'survey-shown', 0), track(2, 'Something Else', 10)]);
    expect(unknown.links.get('e-1')).toEqual({ eventId: 'e-2', by: 'timing' });
    const tooFar = correlatePfEvents([pf(1, 'survey-shown', 0), track(2, 'Something Else', 26)]);
    expect(tooFar.links.size).toBe(0);
    const known = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Something Else', 5)]);
    expect(known.links.size).toBe(0);
  });

  it('counts a PF event as not reaching Segment when its track was never built or sent', () => {
    const { links, unmatched } = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Tour Finished', 5, { built: null, sent: null })]);
    expect(links.get('e-1')?.eventId).toBe('e-2');
    expect(unmatched.map((e) => e.id)).toEqual(['e-1']);
  });
});
