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

interface Timed {
  event: SessionEvent;
  /** Date.parse(capturedAt), read once per event */
  at: number;
}

const timed = (event: SessionEvent): Timed => ({ event, at: Date.parse(event.capturedAt) });

/** The index of the first of `tracks` (in seq order) after `seq`. */
function firstAfter(tracks: readonly Timed[], seq: number): number {
  let lo = 0;
  let hi = tracks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tracks[mid]!.event.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first track not linked yet that PF made right after notifying its listeners (same task). */
function firstFollowing(tracks: readonly Timed[], pf: Timed, links: ReadonlyMap<string, PfLink>): SessionEvent | null {
  for (let i = firstAfter(tracks, pf.event.seq); i < tracks.length; i++) {
    const t = tracks[i]!;
    if (links.has(t.event.id)) continue;
    const d = t.at - pf.at;
    if (d > TIMING_WINDOW_MS) return null;
    if (d >= 0) return t.event;
  }
  return null;
}

function closest(candidates: readonly Timed[], at: number, windowMs: number): SessionEvent | null {
  let best: Timed | null = null;
  for (const t of candidates) {
    const d = Math.abs(t.at - at);
    if (d <= windowMs && (!best || d < Math.abs(best.at - at))) best = t;
  }
  return best?.event ?? null;
}

/** Joins PF events (in seq order) to tracks (all Segment tracks in seq order, and the named ones by name). */
function linkPfEvents(pfEvents: readonly Timed[], tracks: readonly Timed[], tracksByName: ReadonlyMap<string, readonly Timed[]>): PfLinks & { linked: SessionEvent[] } {
  const links = new Map<string, PfLink>();
  /** every event given a link, each once */
  const linked: SessionEvent[] = [];
  const unmatched: SessionEvent[] = [];
  /** PF event name → the track name seen following it, learned on this page */
  const learned = new Map<string, string>();
  for (const entry of pfEvents) {
    const pf = entry.event;
    const row = pfEventRow(pf.type);
    const learnedName = learned.get(pf.type);
    const nameFrom: NonNullable<PfLink['nameFrom']> = learnedName !== undefined ? 'learned' : row?.segment ? (row.verified ? 'verified' : 'unverified') : 'guessed';
    let track = closest(tracksByName.get(learnedName ?? segmentNameFor(pf.type)) ?? [], entry.at, NAME_WINDOW_MS);
    let link: PfLink | null = track ? { eventId: track.id, by: 'name', nameFrom } : null;
    if (!track && nameFrom !== 'verified') {
      track = firstFollowing(tracks, entry, links);
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
    linked.push(pf);
    if (!links.has(track.id)) {
      links.set(track.id, { ...link, eventId: pf.id });
      linked.push(track);
    }
  }
  return { links, unmatched, linked };
}

const isTrack = (e: SessionEvent) => e.source === 'segment' && e.type === 'track';

function fileByName(byName: Map<string, Timed[]>, entry: Timed): void {
  const name = entry.event.name;
  if (name === null) return;
  const list = byName.get(name);
  if (list) list.push(entry);
  else byName.set(name, [entry]);
}

export function correlatePfEvents(events: readonly SessionEvent[]): PfLinks {
  const tracksByName = new Map<string, Timed[]>();
  const tracks: Timed[] = [];
  const pfEvents: Timed[] = [];
  for (const e of events) {
    if (e.source === 'productfruits') pfEvents.push(timed(e));
    if (!isTrack(e)) continue;
    const entry = timed(e);
    tracks.push(entry);
    fileByName(tracksByName, entry);
  }
  const { links, unmatched } = linkPfEvents(pfEvents, tracks, tracksByName);
  return { links, unmatched };
}

/**
 * correlatePfEvents kept as a fold over a live session (events in seq order, appended, changed
 * in place, evicted from the front): the links are worked out again only when a change can move
 * one. A PF event is joined only to tracks within NAME_WINDOW_MS of it (by name), or within
 * TIMING_WINDOW_MS after it, so a track farther than that from every PF event changes no link,
 * and a track that is no link's end changes no unmatched count.
 */
export class PfLinkFold {
  private tracks: Timed[] = [];
  private byName = new Map<string, Timed[]>();
  private pfEvents: Timed[] = [];
  /** the name each track was filed under */
  private readonly filedName = new Map<number, string | null>();
  private result: PfLinks & { linked: SessionEvent[] } = { links: new Map(), unmatched: [], linked: [] };

  get links(): PfLinks {
    return this.result;
  }

  /**
   * `firstSeq`: the oldest event still held; `added`: events new since the last update (seq
   * order); `changed`: older events changed in place since. Returns the seqs of events whose
   * link may have changed (linked before or now), or null when no link was worked out again.
   */
  update(firstSeq: number, added: readonly SessionEvent[], changed: readonly SessionEvent[]): number[] | null {
    let dirty = this.evict(firstSeq);
    let refile = false;
    for (const e of changed) {
      if (!isTrack(e)) {
        if (e.source === 'productfruits') dirty = true;
        continue;
      }
      if (this.filedName.get(e.seq) !== e.name) refile = true;
      dirty ||= this.result.links.has(e.id) || this.nearPf(Date.parse(e.capturedAt));
    }
    for (const e of added) {
      if (e.source === 'productfruits') {
        this.pfEvents.push(timed(e));
        dirty = true;
      }
      if (!isTrack(e)) continue;
      const entry = timed(e);
      this.tracks.push(entry);
      this.filedName.set(e.seq, e.name);
      fileByName(this.byName, entry);
      dirty ||= this.nearPf(entry.at);
    }
    if (refile) this.refile();
    if (!dirty) return null;
    const before = this.result.linked;
    this.result = this.pfEvents.length === 0 ? { links: new Map(), unmatched: [], linked: [] } : linkPfEvents(this.pfEvents, this.tracks, this.byName);
    return [...before, ...this.result.linked].map((e) => e.seq);
  }

  private nearPf(at: number): boolean {
    for (const pf of this.pfEvents) if (Math.abs(pf.at - at) <= NAME_WINDOW_MS) return true;
    return false;
  }

  private evict(firstSeq: number): boolean {
    let dirty = false;
    const gone = (list: readonly Timed[]) => {
      let n = 0;
      while (n < list.length && list[n]!.event.seq < firstSeq) n++;
      return n;
    };
    const pfGone = gone(this.pfEvents);
    if (pfGone) {
      this.pfEvents = this.pfEvents.slice(pfGone);
      dirty = true;
    }
    const tracksGone = gone(this.tracks);
    if (tracksGone === 0) return dirty;
    for (const t of this.tracks.slice(0, tracksGone)) {
      this.filedName.delete(t.event.seq);
      dirty ||= this.result.links.has(t.event.id);
    }
    this.tracks = this.tracks.slice(tracksGone);
    for (const [name, list] of this.byName) {
      const n = gone(list);
      if (n === list.length) this.byName.delete(name);
      else if (n) this.byName.set(name, list.slice(n));
    }
    return dirty;
  }

  /** A track's name was filled in later (from its built event): file every track again. */
  private refile(): void {
    this.byName = new Map();
    for (const entry of this.tracks) {
      this.filedName.set(entry.event.seq, entry.event.name);
      fileByName(this.byName, entry);
    }
  }
}
