/**
 * A tab's captured batches wait for its previous write; those that arrive meanwhile are folded
 * into the session together, in arrival order, and stored with one write. Under load that is one
 * `storage.session` write (the meta and the growing chunk) for several messages instead of one
 * each. Each envelope is still applied whole or not at all (applyEnvelope); a failed write fails
 * every message of its group, as it failed the one message before.
 */
import type { ApplyResult, TabSession } from './tabSession';
import type { TabStore } from './tabStore';

/** Folds one message's envelopes into the session, adding what changed to `total`; never throws. */
export type CaptureFold = (session: TabSession, total: ApplyResult) => void;

interface Waiting {
  fold: CaptureFold;
  resolve(count: number): void;
  reject(error: unknown): void;
}

export class CaptureQueue {
  /** per tab, the group of messages whose update has not started yet */
  private readonly waiting = new Map<number, Waiting[]>();

  constructor(private readonly store: Pick<TabStore, 'update' | 'persist'>) {}

  /** Folds and stores one message; resolves to the number of events the tab then holds. */
  add(tabId: number, fold: CaptureFold): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const open = this.waiting.get(tabId);
      if (open) {
        open.push({ fold, resolve, reject });
        return;
      }
      const group: Waiting[] = [{ fold, resolve, reject }];
      this.waiting.set(tabId, group);
      this.store.update(tabId, async (session) => {
        // From here on, messages start the next group.
        if (this.waiting.get(tabId) === group) this.waiting.delete(tabId);
        const total: ApplyResult = { changed: new Set(), dropped: [], metaChanged: false };
        for (const message of group) message.fold(session, total);
        if (total.metaChanged || total.changed.size || total.dropped.length) await this.store.persist(session, total);
        return session.events.length;
      }).then(
        (count) => group.forEach((message) => message.resolve(count)),
        (error: unknown) => group.forEach((message) => message.reject(error)),
      );
    });
  }
}
