/** The background service worker (Firefox: event page), wired together. */
import { browser } from 'wxt/browser';
import type { SessionChanged } from '../shared/messages';
import { badgeText, LIGHT_COLOURS } from './badge';
import { BadgeScheduler } from './badgeScheduler';
import { DocumentCache } from './documentCache';
import { createHandlers } from './handlers';
import { createRouter } from './router';
import { SettingsCache } from './settings';
import { StoredAnswers } from './storedAnswers';
import { TabStore } from './tabStore';

function notify(tabId: number, count: number): void {
  const message: SessionChanged = { type: 'session:changed', tabId, count };
  // Nobody may be listening (no panel or popup open): that is not an error.
  browser.runtime.sendMessage(message).catch(() => undefined);
}

export function startBackground(): void {
  const settings = new SettingsCache();
  const documents = new DocumentCache();
  // The store tells the answers when a tab's writes are done (only ever after this function returned).
  const store = new TabStore(browser.storage.session, { onSettled: (session) => answers.settled(session) });
  const answers = new StoredAnswers(store, documents, settings);
  const badges = new BadgeScheduler({
    load: (tabId) => answers.read(tabId, (answer) => answer),
    build: ({ document, status }) => ({ count: document.events.length, light: status.light, reason: status.reason }),
    // The document is built by the answers (at a moment the session is as stored), not in `build`.
    costMs: (tabId) => answers.costOf(tabId),
    async paint(tabId, badge) {
      await browser.action.setBadgeText({ tabId, text: badgeText(badge.count) });
      await browser.action.setBadgeBackgroundColor({ tabId, color: LIGHT_COLOURS[badge.light] });
      await browser.action.setTitle({ tabId, title: `Segment Companion: ${badge.reason}` });
    },
  });
  const handlers = createHandlers({ store, settings, answers, badges, notify });

  browser.runtime.onMessage.addListener(createRouter(browser.runtime, handlers));

  browser.tabs.onRemoved.addListener((tabId) => {
    badges.forget(tabId);
    documents.forget(tabId);
    answers.forget(tabId);
    void store.drop(tabId);
  });
}
