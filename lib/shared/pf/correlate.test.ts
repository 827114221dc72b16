import { describe, expect, it } from 'vitest';
import { correlatePfEvents } from './correlate';
import { PF_EVENTS, PF_LISTEN_EVENTS, segmentNameFor } from './catalogue';
import type { SessionEvent } from '../session/schema';

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
