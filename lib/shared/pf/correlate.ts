/**
 * PF → Segment: join each PF event to the `analytics.track` call PF made for it. By name (the
 * catalogue's Title Case name) within a short window, since PF calls track in the same task as
 * it notifies its listeners; names missing from the catalogue fall back to a tighter timing match.
 */
import type { PfLink, SessionEvent } from '../session/schema';
import { PF_SEGMENT_NAMES, segmentNameFor } from './catalogue';

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
    let track = closest(tracksByName.get(segmentNameFor(pf.type)) ?? [], NAME_WINDOW_MS);
    let by: PfLink['by'] = 'name';
    if (!track && !(pf.type in PF_SEGMENT_NAMES)) {
      track = closest(tracks.filter((t) => !links.has(t.id)), TIMING_WINDOW_MS);
      by = 'timing';
    }
    if (!track) {
      unmatched.push(pf);
      continue;
    }
    if (track.built === null && !track.sent) unmatched.push(pf);
    links.set(pf.id, { eventId: track.id, by });
    if (!links.has(track.id)) links.set(track.id, { eventId: pf.id, by });
  }
  return { links, unmatched };
}
