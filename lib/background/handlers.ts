/**
 * What the background does for each message, one handler per name. The handlers' types come
 * from lib/shared/messages.ts, so each returns exactly the answer its senders are typed to get.
 */
import { readEnvelope } from '../shared/captureEnvelope';
import { MAX_ENVELOPE_CHARS } from '../shared/pageChannel';
import { toSessionDelta } from '../shared/follow';
import { sessionPage } from '../shared/sessionPage';
import type { Settings } from '../shared/messages';
import type { Routes } from './router';
import { CaptureQueue } from './captureQueue';
import { applyEnvelope } from './tabSession';
import type { StoredAnswers } from './storedAnswers';
import { createWindowAnswers } from './windowAnswers';
import type { TabStore } from './tabStore';

interface BackgroundState {
  store: TabStore;
  settings: { get(): Promise<Settings>; set(change: Partial<Settings>): Promise<Settings> };
  /** the session documents readers get, always from the session as stored */
  answers: Pick<StoredAnswers, 'read'>;
  badges: { schedule(tabId: number): void };
  /** tells open extension pages that a tab's session changed */
  notify(tabId: number, count: number): void;
}

export function createHandlers({ store, settings, answers, badges, notify }: BackgroundState): Routes {
  // One write per group of messages waiting for the tab, however many envelopes they carried.
  const captures = new CaptureQueue(store);
  return {
    content: {
      'capture:batch': async (message, frame) => {
        const current = await settings.get();
        // Whatever a page puts in an envelope is checked here, record by record; what fails is counted.
        const read = message.envelopes.map((text) => (text.length > MAX_ENVELOPE_CHARS ? { envelope: null, rejected: 1, refusals: ['envelope: (root): too large'] } : readEnvelope(text)));
        // Who spoke comes from the sender: the frame, its document and URL, the relay's own numbering.
        const document = `${frame.frameId === 0 ? 'top' : `f${frame.frameId}`}:${frame.documentId ?? '-'}:${message.relay}`;
        const count = await captures.add(frame.tabId, (session, total) => {
          let rejected = message.refused ?? 0;
          read.forEach(({ envelope, rejected: refused, refusals }, i) => {
            rejected += refused;
            // Which check refused what: the service worker's console is where a refusal is explained.
            if (refusals.length) console.warn(`capture: ${refused} record(s) refused from frame ${frame.frameId}:`, refusals.join('; '));
            if (!envelope) return;
            try {
              const result = applyEnvelope(session, envelope, current, { top: frame.frameId === 0, document, url: frame.url || envelope.url, seq: message.first + i });
              for (const seq of result.changed) total.changed.add(seq);
              total.dropped.push(...result.dropped);
              total.metaChanged ||= result.metaChanged;
            } catch {
              rejected += envelope.records.length || 1;
            }
          });
          if (rejected) {
            session.meta.rejected = (session.meta.rejected ?? 0) + rejected;
            session.meta.rev++;
            total.metaChanged = true;
          }
        });
        badges.schedule(frame.tabId);
        notify(frame.tabId, count);
        return { ok: true };
      },
    },
    page: {
      'session:get': async (message) =>
        answers.read(message.tabId, (built, followed) => (message.since ? toSessionDelta(followed, built, message.since) : sessionPage(built, message.afterSeq))),
      ...createWindowAnswers({ answers }),
      'session:clear': async (message) => {
        await store.clear(message.tabId, (meta) => ({ ...meta, navigations: [], evicted: 0, rejected: 0, frames: [] }));
        badges.schedule(message.tabId);
        notify(message.tabId, 0);
        return { ok: true };
      },
      'settings:get': async () => settings.get(),
      'settings:set': async (message) => settings.set(message.settings),
    },
  };
}
