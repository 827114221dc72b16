import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { parseEnvelope } from '@/lib/shared/captureEnvelope';
import { DEFAULT_SETTINGS, parseRuntimeMessage, SettingsSchema, type RuntimeMessage, type SessionChanged, type Settings } from '@/lib/shared/messages';
import { badgeText, LIGHT_COLOURS } from '@/lib/background/badge';
import { followedCapture, toSessionDocument } from '@/lib/background/document';
import { toSessionDelta } from '@/lib/shared/follow';
import { applyEnvelope, type TabSession } from '@/lib/background/tabSession';
import { TabStore, type KeyValueArea } from '@/lib/background/tabStore';

const SETTINGS_KEY = 'settings';
/** followers (open panels) whose sent verdicts are remembered; the oldest is forgotten first */
const MAX_FOLLOWERS = 16;
const BADGE_DELAY_MS = 250;

export default defineBackground(() => {
  const store = new TabStore(browser.storage.session as unknown as KeyValueArea);
  const badgeTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const followers = new Map<string, Map<string, string>>();
  /**
   * The last document built per tab, reused while nothing changed: the badge, every panel and
   * every page of a large answer then share one computation of the verdicts.
   */
  const documents = new Map<number, { key: string; built: ReturnType<typeof toSessionDocument> }>();

  function documentFor(session: TabSession, current: Settings): ReturnType<typeof toSessionDocument> {
    const key = `${session.meta.epoch}:${session.meta.rev}:${session.events.length}:${current.limit}:${current.preserveLog}`;
    const cached = documents.get(session.meta.tabId);
    if (cached?.key === key) return cached.built;
    const built = toSessionDocument(session, { now: new Date(), settings: current });
    documents.set(session.meta.tabId, { key, built });
    return built;
  }

  function followerCache(key: string): Map<string, string> {
    let cache = followers.get(key);
    if (!cache) {
      cache = new Map();
      followers.set(key, cache);
      if (followers.size > MAX_FOLLOWERS) followers.delete(followers.keys().next().value!);
    }
    return cache;
  }

  async function settings(): Promise<Settings> {
    const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
    const parsed = v.safeParse(v.partial(SettingsSchema), stored ?? {});
    return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.output : {}) };
  }

  function notify(tabId: number, count: number): void {
    const message: SessionChanged = { type: 'session:changed', tabId, count };
    // Nobody may be listening (no panel or popup open): that is not an error.
    browser.runtime.sendMessage(message).catch(() => undefined);
  }

  /**
   * The badge's colour needs the verdicts over the whole session, so it is recomputed at most
   * every BADGE_DELAY_MS, or four times as long as the last computation took: a tab with 100,000
   * events must not keep the service worker from storing the next batches.
   */
  const badgeCost = new Map<number, number>();
  function scheduleBadge(tabId: number): void {
    if (badgeTimers.has(tabId)) return;
    const delay = Math.max(BADGE_DELAY_MS, 4 * (badgeCost.get(tabId) ?? 0));
    badgeTimers.set(tabId, setTimeout(async () => {
      badgeTimers.delete(tabId);
      try {
        const [session, current] = await Promise.all([store.read(tabId), settings()]);
        const started = performance.now();
        const { status } = documentFor(session, current);
        badgeCost.set(tabId, performance.now() - started);
        await browser.action.setBadgeText({ tabId, text: badgeText(session.events.length) });
        await browser.action.setBadgeBackgroundColor({ tabId, color: LIGHT_COLOURS[status.light] });
        await browser.action.setTitle({ tabId, title: `Segment Companion: ${status.reason}` });
      } catch {
        // the tab closed meanwhile
      }
    }, delay));
  }

  type Handler<T extends RuntimeMessage['type']> = (message: Extract<RuntimeMessage, { type: T }>, tabId: number | undefined) => Promise<unknown>;
  const handlers: { [T in RuntimeMessage['type']]: Handler<T> } = {
    'capture:batch': async (message, senderTab) => {
      if (senderTab === undefined) return { ok: false };
      const current = await settings();
      // Whatever a page puts in an envelope is checked here; an envelope that fails is dropped alone.
      const envelopes = message.envelopes.map(parseEnvelope).filter((e) => e !== null);
      const count = await store.update(senderTab, async (session) => {
        for (const envelope of envelopes) {
          const result = applyEnvelope(session, envelope, current);
          if (result.metaChanged || result.changed.size || result.dropped.length) await store.persist(session, result);
        }
        return session.events.length;
      });
      scheduleBadge(senderTab);
      notify(senderTab, count);
      return { ok: true };
    },
    'session:get': async (message) => {
      const [session, current] = await Promise.all([store.read(message.tabId), settings()]);
      const built = documentFor(session, current);
      if (!message.since) return built;
      // After a service-worker restart the cache is empty: the follower then gets every verdict again.
      return toSessionDelta(followedCapture(session), built, message.since, followerCache(`${message.tabId}:${message.since.follower}`));
    },
    'session:clear': async (message) => {
      await store.clear(message.tabId, (meta) => ({ ...meta, navigations: [], evicted: 0 }));
      scheduleBadge(message.tabId);
      notify(message.tabId, 0);
      return { ok: true };
    },
    'settings:get': async () => settings(),
    'settings:set': async (message) => {
      const next = { ...(await settings()), ...message.settings };
      await browser.storage.local.set({ [SETTINGS_KEY]: next });
      return next;
    },
  };

  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    const message = parseRuntimeMessage(raw);
    if (!message) return false;
    // Only our content script may add to a tab's capture, and only to its own tab.
    if (message.type === 'capture:batch' && sender.id !== browser.runtime.id) return false;
    const tabId = message.type === 'capture:batch' ? sender.tab?.id : undefined;
    (handlers[message.type] as Handler<typeof message.type>)(message as never, tabId).then(
      (answer) => sendResponse(answer),
      (error: unknown) => sendResponse({ ok: false, error: String((error as Error)?.message ?? error) }),
    );
    return true;
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    badgeCost.delete(tabId);
    documents.delete(tabId);
    void store.drop(tabId);
  });
});
