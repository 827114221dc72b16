/**
 * The last document built per tab, reused while nothing changed: the badge, every panel and
 * every page of a large answer then share one computation of the verdicts.
 */
import type { SessionAnswer } from '../shared/follow';
import type { Settings } from '../shared/messages';
import { toSessionDocument } from './document';
import { SessionFold } from './sessionFold';
import type { TabSession } from './tabSession';

export class DocumentCache {
  private readonly built = new Map<number, { key: string; answer: SessionAnswer }>();
  private readonly folds = new Map<number, SessionFold>();

  get(session: TabSession, settings: Settings): SessionAnswer {
    const { meta } = session;
    const key = `${meta.epoch}:${meta.rev}:${session.events.length}:${settings.limit}:${settings.preserveLog}`;
    const cached = this.built.get(meta.tabId);
    if (cached?.key === key) return cached.answer;
    let fold = this.folds.get(meta.tabId);
    if (!fold) {
      fold = new SessionFold();
      this.folds.set(meta.tabId, fold);
    }
    const answer = toSessionDocument(session, { now: new Date(), settings, judged: fold.verdicts(session) });
    this.built.set(meta.tabId, { key, answer });
    return answer;
  }

  forget(tabId: number): void {
    this.built.delete(tabId);
    this.folds.delete(tabId);
  }
}
