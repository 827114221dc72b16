/**
 * A tab's identity verdicts kept as a fold over its events (the engine is one): each event is
 * judged once, when the document is next built after it arrived, so a revision costs what it
 * added. The caller says which older events changed in place since the last update. The fold starts over only when what it assumed no longer holds: a new capture (epoch), a
 * change of the page's PF user timeline (which earlier verdicts read), or an event already
 * judged whose identity changed since (its built event or network payload arrived later with
 * other ids). A payload that arrives with the same identity (the usual case) changes nothing.
 */
import { SessionVerdictFold, type SessionVerdicts } from '../shared/identity/sessionVerdicts';
import { eventIdentity, type WebhookIdentity } from '../shared/identity/webhookIdentity';
import type { StoredEvent, TabSession } from './tabSession';

const sameValue = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);

function sameIdentity(a: WebhookIdentity, b: WebhookIdentity): boolean {
  return (
    a.type === b.type &&
    sameValue(a.userId, b.userId) &&
    sameValue(a.anonymousId, b.anonymousId) &&
    sameValue(a.email, b.email) &&
    sameValue(a.emailInProperties, b.emailInProperties)
  );
}

export class SessionFold {
  private fold: SessionVerdictFold | null = null;
  private epoch = '';
  private timeline: unknown = null;
  private judgedUpTo = -Infinity;
  /** the payload each judged Segment event was judged from, by seq (null: from its call arguments) */
  private readonly judgedFrom = new Map<number, unknown>();
  /** how many times the fold started over (for tests and the bench) */
  restarts = 0;

  /** `changed`: events already held at the last update that changed since (any order). */
  verdicts(session: TabSession, changed: readonly StoredEvent[]): SessionVerdicts {
    const { meta, events } = session;
    if (!this.fold || this.epoch !== meta.epoch || this.timeline !== meta.productFruits.userTimeline || this.judgedEventChanged(changed)) {
      this.start(session);
    }
    const fold = this.fold!;
    for (let i = events.length - 1; i >= 0 && events[i]!.seq > this.judgedUpTo; i--) {
      if (i === 0 || events[i - 1]!.seq <= this.judgedUpTo) {
        for (let k = i; k < events.length; k++) this.push(fold, events[k]!);
        break;
      }
    }
    return fold.finish();
  }

  private start(session: TabSession): void {
    this.fold = new SessionVerdictFold(session.meta.productFruits.userTimeline, []);
    this.epoch = session.meta.epoch;
    this.timeline = session.meta.productFruits.userTimeline;
    this.judgedUpTo = -Infinity;
    this.judgedFrom.clear();
    this.restarts += 1;
  }

  private push(fold: SessionVerdictFold, event: StoredEvent): void {
    fold.push(event);
    this.judgedUpTo = event.seq;
    if (event.source === 'segment') this.judgedFrom.set(event.seq, event.sent ?? event.built ?? null);
  }

  private judgedEventChanged(changed: readonly StoredEvent[]): boolean {
    for (const event of changed) {
      if (event.seq > this.judgedUpTo || event.source !== 'segment') continue;
      const before = this.judgedFrom.get(event.seq);
      const now = event.sent ?? event.built ?? null;
      if (before === undefined || before === now) continue;
      const earlier = before === null ? eventIdentity({ ...event, sent: null, built: null }) : eventIdentity({ ...event, sent: before, built: before });
      if (!sameIdentity(earlier, eventIdentity(event))) return true;
      this.judgedFrom.set(event.seq, now);
    }
    return false;
  }
}
