/** A live tab's session behind the background's answers to an open panel, for tests without a browser. */
import { DocumentCache } from '../../lib/background/documentCache';
import { applyEnvelope, newTabSession, type TabSession } from '../../lib/background/tabSession';
import { createWindowAnswers } from '../../lib/background/windowAnswers';
import type { Messenger } from '../../lib/extension-pages/sessionClient';
import type { CaptureEnvelope, CaptureRecord } from '../../lib/shared/captureEnvelope';
import { toSessionDelta } from '../../lib/shared/follow';
import { DEFAULT_SETTINGS, type PageMessage, type Settings } from '../../lib/shared/messages';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';

/** A tab's session as the background keeps it, empty. */
export const newLiveTab = (tabId: number): TabSession => newTabSession(tabId);

let cid = 0;
let batch = 0;

export function addRecords(session: TabSession, records: CaptureRecord[], settings: Settings = DEFAULT_SETTINGS): void {
  const envelope: CaptureEnvelope = { tag: ENVELOPE_TAG, instance: 'p', batch: batch++, url: 'http://127.0.0.1/', title: 'T', top: true, records };
  applyEnvelope(session, envelope, settings);
}

export const call = (method: string, args: unknown[]): CaptureRecord => ({ kind: 'call', cid: ++cid, at: Date.now(), source: 'segment', method, args, via: 'instance', globalName: 'analytics' });
export const lastCid = () => cid;
export const tracks = (n: number, name = 'T') => Array.from({ length: n }, (_, i) => call('track', [`${name}${i}`, { index: i }]));

/** The window answers and the follower's `session:get` over one tab's session, as the panel's messenger reaches them. */
export function windowBackground(session: TabSession, settings: Settings = DEFAULT_SETTINGS) {
  const documents = new DocumentCache();
  const answers = createWindowAnswers({ answers: { read: async (tabId, use) => use(documents.get(session, settings), documents.followed(tabId)) } });
  const sent: PageMessage[] = [];
  const send = async (message: PageMessage) => {
    sent.push(message);
    switch (message.type) {
      case 'session:rows':
        return answers['session:rows'](message);
      case 'session:event':
        return answers['session:event'](message);
      case 'session:search':
        return answers['session:search'](message);
      case 'session:get':
        if (!message.since) throw new Error('only followers are answered here');
        {
          const built = documents.get(session, settings);
          return toSessionDelta(documents.followed(message.tabId), built, message.since);
        }
      default:
        throw new Error(`unexpected ${message.type}`);
    }
  };
  const messenger: Messenger = { send: send as Messenger['send'], onMessage: () => () => undefined };
  const full = () => documents.get(session, settings).document;
  return { messenger, sent, full };
}
