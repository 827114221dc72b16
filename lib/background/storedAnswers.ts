/**
 * The session document every reader gets (panels, popup, badge), built only from a session as
 * stored, without queuing behind the tab's writes. While an update of the tab is running or
 * queued, a reader gets the document last built (from the session as stored then) at once, and
 * the update builds it again when it has finished and stored what it changed, so the reader's
 * next look sees it. Nothing a reader sees can be lost by a restart: it was in the area already.
 */
import type { FollowedCapture, SessionAnswer } from '../shared/follow';
import type { Settings } from '../shared/messages';
import type { DocumentCache } from './documentCache';
import type { TabSession } from './tabSession';
import type { TabStore } from './tabStore';

/** Reads the document and what its followers take deltas from, in one go (the next build changes both). */
export type AnswerReader<T> = (answer: SessionAnswer, followed: FollowedCapture) => T;

interface Built {
  answer: SessionAnswer;
  settings: Settings;
}

const sameSettings = (a: Settings, b: Settings) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class StoredAnswers {
  /** the document last built per tab, with the settings it was built for */
  private readonly last = new Map<number, Built>();
  /** tabs whose readers got the last document while an update was under way: built again once it is done */
  private readonly asked = new Map<number, Settings>();
  /** ms the tab's last build took (the badge waits in proportion) */
  private readonly costs = new Map<number, number>();

  constructor(
    private readonly store: Pick<TabStore, 'settled' | 'stored'>,
    private readonly documents: Pick<DocumentCache, 'get' | 'followed'>,
    private readonly settings: { get(): Promise<Settings> },
  ) {}

  async read<T>(tabId: number, use: AnswerReader<T>): Promise<T> {
    const current = await this.settings.get();
    const session = this.store.settled(tabId);
    if (session) return use(this.build(session, current), this.documents.followed(tabId));
    const last = this.last.get(tabId);
    if (last && sameSettings(last.settings, current)) {
      this.asked.set(tabId, current);
      return use(last.answer, this.documents.followed(tabId));
    }
    return this.store.stored(tabId, (stored) => use(this.build(stored, current), this.documents.followed(tabId)));
  }

  /** TabStore's `onSettled`: an update of the tab is done and stored. */
  settled(session: TabSession): void {
    const tabId = session.meta.tabId;
    const settings = this.asked.get(tabId);
    if (!settings) return;
    this.asked.delete(tabId);
    this.build(session, settings);
  }

  /** How long the tab's last build of its document took. */
  costOf(tabId: number): number {
    return this.costs.get(tabId) ?? 0;
  }

  forget(tabId: number): void {
    this.last.delete(tabId);
    this.asked.delete(tabId);
    this.costs.delete(tabId);
  }

  private build(session: TabSession, settings: Settings): SessionAnswer {
    const started = performance.now();
    const answer = this.documents.get(session, settings);
    this.costs.set(session.meta.tabId, performance.now() - started);
    this.last.set(session.meta.tabId, { answer, settings });
    return answer;
  }
}
