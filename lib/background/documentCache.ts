/**
 * Each tab's session document, kept as a fold (documentFold.ts) and reused while nothing
 * changed: the badge, every panel and every page of a large answer share one computation.
 */
import type { FollowedCapture, SessionAnswer } from '../shared/follow';
import type { Settings } from '../shared/messages';
import { DocumentFold } from './documentFold';
import type { TabSession } from './tabSession';

export class DocumentCache {
  private readonly folds = new Map<number, DocumentFold>();

  get(session: TabSession, settings: Settings): SessionAnswer {
    return this.fold(session.meta.tabId).build(session, settings);
  }

  /** What followers read deltas from: the tab's capture as its document was last built by `get`. */
  followed(tabId: number): FollowedCapture {
    return this.fold(tabId);
  }

  forget(tabId: number): void {
    this.folds.delete(tabId);
  }

  private fold(tabId: number): DocumentFold {
    let fold = this.folds.get(tabId);
    if (!fold) {
      fold = new DocumentFold();
      this.folds.set(tabId, fold);
    }
    return fold;
  }
}
