import { describe, expect, it } from 'vitest';
import { makeEvent, makePfEvent } from '../../../tests/support/sessionFactory';
import type { SessionEvent } from '../session/schema';
import { correlatePfEvents } from './correlate';
import { PF_EVENTS, segmentNameFor } from './catalogue';
import { PF_LISTEN_EVENTS } from './listenEvents';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const track = (seq: number, name: string, ms: number, overrides: Partial<SessionEvent> = {}) =>
  makeEvent(seq, { type: 'track', name, capturedAt: at(ms), ...overrides });
const pf = (seq: number, type: string, ms: number) => makePfEvent(seq, type, { capturedAt: at(ms) });

describe('correlatePfEvents', () => {
  it('joins a PF event to the track with its catalogue name, both ways', () => {
    const { links, unmatched } = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Tour Finished', 40)]);
    expect(links.get('e-1')).toEqual({ eventId: 'e-2', by: 'name', nameFrom: 'unverified' });
    expect(links.get('e-2')).toMatchObject({ eventId: 'e-1', by: 'name' });
    expect(unmatched).toEqual([]);
  });

  it('picks the closest track of that name within two seconds, and none beyond', () => {
    const events = [track(1, 'Tour Skipped', -1500), pf(2, 'tour-skipped', 0), track(3, 'Tour Skipped', 300)];
    expect(correlatePfEvents(events).links.get('e-2')?.eventId).toBe('e-3');
    const late = correlatePfEvents([pf(1, 'tour-skipped', 0), track(2, 'Tour Skipped', 2001)]);
    expect(late.links.size).toBe(0);
    expect(late.unmatched.map((e) => e.id)).toEqual(['e-1']);
  });

  it('falls back to timing for names the catalogue does not know or has not verified', () => {
    const unknown = correlatePfEvents([pf(1, 'survey-shown', 0), track(2, 'Something Else', 10)]);
    expect(unknown.links.get('e-1')).toEqual({ eventId: 'e-2', by: 'timing' });
    const tooFar = correlatePfEvents([pf(1, 'survey-shown', 0), track(2, 'Something Else', 26)]);
    expect(tooFar.links.size).toBe(0);
    // the tour names are unverified: a track right after the PF callback is taken by timing instead
    const known = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Something Else', 5)]);
    expect(known.links.get('e-1')).toMatchObject({ eventId: 'e-2', by: 'timing' });
  });

  it('counts a PF event as not reaching Segment when its track was never built or sent', () => {
    const { links, unmatched } = correlatePfEvents([pf(1, 'tour-finished', 0), track(2, 'Tour Finished', 5, { built: null, sent: null })]);
    expect(links.get('e-1')?.eventId).toBe('e-2');
    expect(unmatched.map((e) => e.id)).toEqual(['e-1']);
  });
});

describe('the published table and names learned at run time', () => {
  let seq = 0;
  function event(source: 'segment' | 'productfruits', type: string, name: string | null, ms: number): SessionEvent {
    seq += 1;
    return {
      id: `e-${seq}`, seq, capturedAt: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(), pageUrl: 'https://app.example/', frameUrl: null,
      source, type, name, args: [], built: source === 'segment' ? { type, event: name } : null, sent: null, delivery: null,
      via: source === 'segment' ? 'instance' : 'productfruits',
    };
  }
  const pfEvent = (type: string, ms: number) => event('productfruits', type, 'item-1', ms);
  const track = (name: string, ms: number) => event('segment', 'track', name, ms);

  describe('PF catalogue', () => {
    it("has PF's published announcements rows as verified, including the name not derivable from the raw one", () => {
      const verified = PF_EVENTS.filter((r) => r.verified).map((r) => [r.pf, r.segment]);
      expect(verified).toContainEqual(['announcements_newsitem_action_consumed', 'Announcements Newsfeed Item Consumed']);
      expect(verified).toHaveLength(7);
      expect(PF_EVENTS.filter((r) => ['tours', 'checklists', 'surveys'].includes(r.module)).every((r) => !r.verified)).toBe(true);
      expect(PF_LISTEN_EVENTS.tours).toContain('tour-finished');
      expect(segmentNameFor('announcements_newsitem_action_consumed')).toBe('Announcements Newsfeed Item Consumed');
    });
  });

  describe('correlatePfEvents', () => {
    it('joins a verified name by name, saying the name came from the published table', () => {
      const pf = pfEvent('announcements_newsitem_action_consumed', 0);
      const t = track('Announcements Newsfeed Item Consumed', 1);
      expect(correlatePfEvents([pf, t]).links.get(pf.id)).toEqual({ eventId: t.id, by: 'name', nameFrom: 'verified' });
    });

    it('when an unverified row is wrong, links the track that follows in the same task by timing and learns its name', () => {
      const first = pfEvent('tour-finished', 0);
      const t1 = track('Product Tour Completed', 1);
      const later = pfEvent('tour-finished', 5000);
      const other = track('Unrelated', 5001); // follows too, but the learned name wins
      const t2 = track('Product Tour Completed', 5040);
      const { links, unmatched } = correlatePfEvents([first, t1, later, other, t2]);
      expect(links.get(first.id)).toEqual({ eventId: t1.id, by: 'timing' });
      expect(links.get(later.id)).toEqual({ eventId: t2.id, by: 'name', nameFrom: 'learned' });
      expect(unmatched).toEqual([]);
    });

    it('an unverified row that matches is a name link marked unverified; a verified name never falls back to timing', () => {
      const pf = pfEvent('tour-finished', 0);
      const t = track('Tour Finished', 3);
      expect(correlatePfEvents([pf, t]).links.get(pf.id)).toEqual({ eventId: t.id, by: 'name', nameFrom: 'unverified' });
      const banner = pfEvent('announcements_banner_opened', 10_000);
      const wrong = track('Something Else', 10_001);
      expect(correlatePfEvents([banner, wrong]).unmatched).toEqual([banner]);
    });
  });
});
