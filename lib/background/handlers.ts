/**
 * What the background does for each message, one handler per name. The handlers' types come
 * from lib/shared/messages.ts, so each returns exactly the answer its senders are typed to get.
 */
import { parseEnvelope } from '../shared/captureEnvelope';
import { toSessionDelta } from '../shared/follow';
import type { Settings } from '../shared/messages';
import { followedCapture } from './document';
import type { DocumentCache } from './documentCache';
import type { FollowerCache } from './followers';
import type { Routes } from './router';
import { applyEnvelope } from './tabSession';
import type { TabStore } from './tabStore';

interface BackgroundState {
  store: TabStore;
  settings: { get(): Promise<Settings>; set(change: Partial<Settings>): Promise<Settings> };
  documents: DocumentCache;
  followers: FollowerCache;
  badges: { schedule(tabId: number): void };
  /** tells open extension pages that a tab's session changed */
  notify(tabId: number, count: number): void;
}

export function createHandlers({ store, settings, documents, followers, badges, notify }: BackgroundState): Routes {
  return {
    content: {
      'capture:batch': async (message, { tabId }) => {
        const current = await settings.get();
        // Whatever a page puts in an envelope is checked here; an envelope that fails is dropped alone.
        const envelopes = message.envelopes.map(parseEnvelope).filter((e) => e !== null);
        const count = await store.update(tabId, async (session) => {
          for (const envelope of envelopes) {
            const result = applyEnvelope(session, envelope, current);
            if (result.metaChanged || result.changed.size || result.dropped.length) await store.persist(session, result);
          }
          return session.events.length;
        });
        badges.schedule(tabId);
        notify(tabId, count);
        return { ok: true };
      },
    },
    page: {
      'session:get': async (message) => {
        const [session, current] = await Promise.all([store.read(message.tabId), settings.get()]);
        const built = documents.get(session, current);
        if (!message.since) return built;
        // After a service-worker restart the cache is empty: the follower then gets every verdict again.
        return toSessionDelta(followedCapture(session), built, message.since, followers.of(message.tabId, message.since.follower));
      },
      'session:clear': async (message) => {
        await store.clear(message.tabId, (meta) => ({ ...meta, navigations: [], evicted: 0 }));
        badges.schedule(message.tabId);
        notify(message.tabId, 0);
        return { ok: true };
      },
      'settings:get': async () => settings.get(),
      'settings:set': async (message) => settings.set(message.settings),
    },
  };
}
