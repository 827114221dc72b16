/**
 * A tab's session document kept as a fold over its capture: each revision costs what it changed.
 * Every event's document form (derivedEvent) is kept by seq and made again only when the event
 * changed (its rev), or its verdict or PF link did; verdicts come from the tab's SessionFold,
 * links from a PfLinkFold, the light from the verdict fold's own status. Each time an event's
 * document form changes, the revision is logged, so a follower's delta is read from the log
 * instead of comparing every event. The result equals toSessionDocument (document.test.ts and
 * the property test hold it to that).
 */
import type { FollowedCapture, SessionAnswer } from '../shared/follow';
import type { SessionVerdicts } from '../shared/identity/sessionVerdicts';
import type { Settings } from '../shared/messages';
import { PfLinkFold, type PfLinks } from '../shared/pf/correlate';
import type { Finding, SessionEvent } from '../shared/session/schema';
import { assembleDocument, derive, derivedEvent, noLinks, noVerdicts } from './document';
import { SessionFold } from './sessionFold';
import type { StoredEvent, TabSession } from './tabSession';

export class DocumentFold implements FollowedCapture {
  epoch = '';
  rev = -1;
  firstSeq = 1;
  /** the events' document forms, by seq - base */
  private derived: SessionEvent[] = [];
  /** the stored event's rev each document form was made from */
  private madeFrom: number[] = [];
  /** the revision at which each document form last changed */
  private changedAt: number[] = [];
  private base = 1;
  /** (revision, seq) of every change of a document form, in revision order */
  private logRev: number[] = [];
  private logSeq: number[] = [];
  private verdicts = new SessionFold();
  private links = new PfLinkFold();
  private answer: SessionAnswer | null = null;
  private answerFor = '';
  /** the session's list of revised events this fold takes from; another list means it cannot trust it */
  private revisedFrom: StoredEvent[] | null = null;

  get total(): number {
    return this.derived.length;
  }

  /**
   * The document for the session as it is now (the same answer while nothing changed). Read it
   * at once: its events array is the fold's own (copying 100,000 references per revision would
   * cost more than the revision), so the next build changes it.
   */
  build(session: TabSession, settings: Settings): SessionAnswer {
    const { meta } = session;
    const key = `${meta.epoch}:${meta.rev}:${session.events.length}:${settings.limit}:${settings.preserveLog}`;
    if (this.answer && this.answerFor === key) return this.answer;
    if (meta.epoch !== this.epoch) this.reset(meta.epoch);
    const events = session.events;
    const firstSeq = events[0]?.seq ?? meta.nextSeq;
    this.evict(firstSeq);

    const held = this.derived.length;
    const { changed, changedIndex } = this.changedSinceLastBuild(session, held);
    const added = events.slice(held);

    const failed: Finding[] = [];
    const restartsBefore = this.verdicts.restarts;
    const judged = derive(failed, 'the identity verdicts', () => this.verdicts.verdicts(session, changed), null);
    const relinked = derive(failed, 'the PF ↔ Segment links', () => this.links.update(firstSeq, added, changed), null);
    if (failed.length) {
      // Start over next time: the folds may be half-way through this revision.
      this.reset('');
      return this.assemble(session, settings, key, events.map((e) => derivedEvent(e, undefined, undefined)), { unmatched: noLinks().unmatched, judged: judged ?? noVerdicts(), failed });
    }
    const links = this.links.links;
    const verdicts = judged!;
    const rev = meta.rev;
    const remake = (i: number) => {
      const event = events[i]!;
      this.derived[i] = derivedEvent(event, links.links.get(event.id), verdicts.perEvent.get(event.id));
      this.madeFrom[i] = event.rev ?? 0;
      this.changedAt[i] = rev;
      this.logRev.push(rev);
      this.logSeq.push(event.seq);
    };
    const made = new Set(changedIndex);
    for (const i of changedIndex) remake(i);
    // After a restart verdicts may have moved anywhere (rare: the page's PF user changed, or a
    // judged event's identity); links only between the events linked before or now.
    const recheck = this.verdicts.restarts !== restartsBefore ? this.derived.keys() : (relinked ?? []).map((seq) => seq - this.base);
    for (const i of recheck) {
      if (i < 0 || i >= held || made.has(i)) continue;
      if (this.derivedChanged(this.derived[i]!, links, verdicts)) {
        made.add(i);
        remake(i);
      }
    }
    for (let i = held; i < events.length; i++) remake(i);
    this.compactLog();
    this.rev = rev;
    this.firstSeq = firstSeq;
    return this.assemble(session, settings, key, this.derived, { unmatched: links.unmatched, judged: verdicts, failed });
  }

  /**
   * The held events changed in place since the last build: from the session's list of revised
   * events, which this fold empties; when that list is not the one it took from before (a new
   * session object, or the list was dropped while nobody built), by comparing every event's rev.
   */
  private changedSinceLastBuild(session: TabSession, held: number): { changed: StoredEvent[]; changedIndex: number[] } {
    const { events } = session;
    const changed: StoredEvent[] = [];
    const changedIndex: number[] = [];
    const take = (i: number) => {
      if ((events[i]!.rev ?? 0) === this.madeFrom[i]) return;
      this.madeFrom[i] = -1; // taken once, however often it was revised
      changed.push(events[i]!);
      changedIndex.push(i);
    };
    if (session.revised === this.revisedFrom) {
      for (const event of session.revised) {
        const i = event.seq - this.base;
        if (i >= 0 && i < held && events[i] === event) take(i);
      }
    } else {
      for (let i = 0; i < held; i++) take(i);
    }
    session.revised.length = 0;
    this.revisedFrom = session.revised;
    return { changed, changedIndex };
  }

  private assemble(session: TabSession, settings: Settings, key: string, events: SessionEvent[], parts: { unmatched: readonly SessionEvent[]; judged: SessionVerdicts; failed: Finding[] }): SessionAnswer {
    this.answer = assembleDocument(session.meta, events, parts, { now: new Date(), settings });
    this.answerFor = key;
    return this.answer;
  }

  private derivedChanged(event: SessionEvent, links: PfLinks, verdicts: SessionVerdicts): boolean {
    const link = links.links.get(event.id);
    const verdict = verdicts.perEvent.get(event.id);
    if ((event.pfLink === undefined) !== (link === undefined) || (event.verdict === undefined) !== (verdict === undefined)) return true;
    if (link && JSON.stringify(link) !== JSON.stringify(event.pfLink)) return true;
    return verdict !== undefined && verdict !== event.verdict && JSON.stringify(verdict) !== JSON.stringify(event.verdict);
  }

  private reset(epoch: string): void {
    this.epoch = epoch;
    this.rev = -1;
    this.derived = [];
    this.madeFrom = [];
    this.changedAt = [];
    this.logRev = [];
    this.logSeq = [];
    this.verdicts = new SessionFold();
    this.links = new PfLinkFold();
    this.answer = null;
    this.revisedFrom = null;
  }

  /** Events older than the oldest one held were evicted (or the log cleared on navigation). */
  private evict(firstSeq: number): void {
    if (this.derived.length === 0) {
      this.base = firstSeq;
      return;
    }
    const gone = Math.min(this.derived.length, Math.max(0, firstSeq - this.base));
    if (gone) {
      this.derived.splice(0, gone);
      this.madeFrom.splice(0, gone);
      this.changedAt.splice(0, gone);
    }
    this.base = this.derived.length === 0 ? firstSeq : this.base + gone;
  }

  /** The log holds at most about two entries per event held: older entries say no more than changedAt. */
  private compactLog(): void {
    if (this.logRev.length <= 2 * this.derived.length + 1024) return;
    const order = this.changedAt.map((_, i) => i).sort((a, b) => this.changedAt[a]! - this.changedAt[b]!);
    this.logRev = order.map((i) => this.changedAt[i]!);
    this.logSeq = order.map((i) => this.base + i);
  }

  changedSince(sinceRev: number | null, afterSeq: number, max: number): { events: SessionEvent[]; more: boolean } {
    const from = Math.max(0, afterSeq === -Infinity ? 0 : afterSeq + 1 - this.base);
    if (sinceRev === null) {
      const events = this.derived.slice(from, from + max);
      return { events, more: from + max < this.derived.length };
    }
    // The first log entry after sinceRev (binary search: the log is in revision order).
    let lo = 0;
    let hi = this.logRev.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.logRev[mid]! <= sinceRev) lo = mid + 1;
      else hi = mid;
    }
    const seqs = new Set<number>();
    for (let k = lo; k < this.logSeq.length; k++) {
      const seq = this.logSeq[k]!;
      if (seq >= this.base + from && seq < this.base + this.derived.length) seqs.add(seq);
    }
    const sorted = [...seqs].sort((a, b) => a - b);
    return { events: sorted.slice(0, max).map((seq) => this.derived[seq - this.base]!), more: sorted.length > max };
  }
}
