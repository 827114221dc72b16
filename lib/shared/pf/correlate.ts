/**
 * PF → Segment: join each PF event to the `analytics.track` call PF made for it. By name (the
 * catalogue's name) within a short window, since PF calls track in the same task as it notifies
 * its listeners. A name not from PF's published table may be wrong: then the first track that
 * follows the PF event within a few milliseconds is taken (timing), and its name is learned for
 * later events of that kind on the page.
 */
import type { PfLink, SessionEvent } from '../session/schema';
import { pfEventRow, segmentNameFor } from './catalogue';

const NAME_WINDOW_MS = 2000;
const TIMING_WINDOW_MS = 25;

export interface PfLinks {
  /** event id → link, for PF events and for the Segment tracks they produced */
  links: Map<string, PfLink>;
  /**
   * PF events that did not reach Segment: no track joined to them, or only a track that no
   * library ever built (queued on a snippet stub whose library never loaded)
   */
  unmatched: SessionEvent[];
}

const time = (e: SessionEvent) => Date.parse(e.capturedAt);

/** The first track not linked yet that PF made right after notifying its listeners (same task). */
function firstFollowing(tracks: readonly SessionEvent[], pf: SessionEvent, at: number, links: ReadonlyMap<string, PfLink>): SessionEvent | null {
  for (const t of tracks) {
    if (t.seq <= pf.seq || links.has(t.id)) continue;
    const d = time(t) - at;
    if (d > TIMING_WINDOW_MS) return null;
    if (d >= 0) return t;
  }
  return null;
}

export function correlatePfEvents(events: readonly SessionEvent[]): PfLinks {
  const links = new Map<string, PfLink>();
  const unmatched: SessionEvent[] = [];
  const tracksByName = new Map<string, SessionEvent[]>();
  const tracks: SessionEvent[] = [];
  for (const e of events) {
    if (e.source !== 'segment' || e.type !== 'track') continue;
    tracks.push(e);
    if (e.name === null) continue;
    const list = tracksByName.get(e.name) ?? [];
    list.push(e);
    tracksByName.set(e.name, list);
  }
  /** PF event name → the track name seen following it, learned on this page */
  const learned = new Map<string, string>();
  for (const pf of events) {
    if (pf.source !== 'productfruits') continue;
    const at = time(pf);
    const closest = (candidates: readonly SessionEvent[], windowMs: number) => {
      let best: SessionEvent | null = null;
      for (const t of candidates) {
        const d = Math.abs(time(t) - at);
        if (d <= windowMs && (!best || d < Math.abs(time(best) - at))) best = t;
      }
      return best;
    };
    const row = pfEventRow(pf.type);
    const learnedName = learned.get(pf.type);
    const nameFrom: NonNullable<PfLink['nameFrom']> = learnedName !== undefined ? 'learned' : row?.segment ? (row.verified ? 'verified' : 'unverified') : 'guessed';
    let track = closest(tracksByName.get(learnedName ?? segmentNameFor(pf.type)) ?? [], NAME_WINDOW_MS);
    let link: PfLink | null = track ? { eventId: track.id, by: 'name', nameFrom } : null;
    if (!track && nameFrom !== 'verified') {
      track = firstFollowing(tracks, pf, at, links);
      if (track) {
        link = { eventId: track.id, by: 'timing' };
        if (track.name !== null) learned.set(pf.type, track.name);
      }
    }
    if (!track || !link) {
      unmatched.push(pf);
      continue;
    }
    if (track.built === null && !track.sent) unmatched.push(pf);
    links.set(pf.id, link);
    if (!links.has(track.id)) links.set(track.id, { ...link, eventId: pf.id });
  }
  return { links, unmatched };
}
