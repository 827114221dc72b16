import { describe, expect, it } from 'vitest';
import { toSessionDocument } from '../../lib/background/document';
import { DocumentCache } from '../../lib/background/documentCache';
import { applyEnvelope, newTabSession, type TabSession } from '../../lib/background/tabSession';
import { followTabSession, type Messenger } from '../../lib/extension-pages/sessionClient';
import type { CaptureEnvelope, CaptureRecord } from '../../lib/shared/captureEnvelope';
import { mergeSessionDelta, toSessionDelta, type FollowedSession, type FollowPoint } from '../../lib/shared/follow';
import { DEFAULT_SETTINGS, type PageMessage } from '../../lib/shared/messages';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';

let cid = 0;
function envelope(batch: number, records: CaptureRecord[]): CaptureEnvelope {
  return { tag: ENVELOPE_TAG, instance: 'p', batch, url: 'http://127.0.0.1/', title: 'T', top: true, records };
}
const call = (method: string, args: unknown[]): CaptureRecord => ({ kind: 'call', cid: ++cid, at: Date.now(), source: 'segment', method, args, via: 'instance', globalName: 'analytics' });

/** The background's session:get with `since`: the tab's document as the cache keeps it, as a delta. */
function delta(documents: DocumentCache, session: TabSession, since: FollowPoint | null, settings = DEFAULT_SETTINGS, max?: number) {
  const built = documents.get(session, settings);
  return toSessionDelta(documents.followed(session.meta.tabId), built, since, max);
}

/** A follower as the panel runs it: fetch a delta, merge it. */
function follow(documents: DocumentCache, session: TabSession, prev: FollowedSession | null): FollowedSession {
  return mergeSessionDelta(prev, delta(documents, session, prev && { epoch: prev.epoch, rev: prev.rev }));
}

describe('following a session by deltas', () => {
  it('ends with the same events as a full fetch, and keeps unchanged events as the same objects', () => {
    const session = newTabSession(1);
    const documents = new DocumentCache();
    applyEnvelope(session, envelope(0, [call('track', ['A']), call('track', ['B'])]), DEFAULT_SETTINGS);
    const first = follow(documents, session, null);
    expect(first.document.events.map((e) => e.name)).toEqual(['A', 'B']);

    const aCid = cid - 1;
    applyEnvelope(session, envelope(1, [{ kind: 'built', cid: aCid, built: { messageId: 'm-a' }, messageId: 'm-a' }, call('identify', ['u-1', { email: 'a@example.com' }])]), DEFAULT_SETTINGS);
    const changed = delta(documents, session, { epoch: first.epoch, rev: first.rev });
    expect(changed.delta.full).toBe(false);
    expect(changed.document.events.map((e) => e.name ?? e.type)).toEqual(['A', 'identify']);

    const second = follow(documents, session, first);
    const full = toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    expect(second.document.events).toEqual(full.events);
    expect(second.document.events[1]).toBe(first.document.events[1]); // B did not change
    const third = follow(documents, session, second);
    expect(third.document.events).toBe(second.document.events); // nothing changed at all
  });

  it('re-sends an old event whose verdict changed because of a later one', () => {
    const session = newTabSession(2);
    const documents = new DocumentCache();
    applyEnvelope(session, envelope(0, [call('identify', ['ann', { email: 'ann@example.com' }])]), DEFAULT_SETTINGS);
    const first = follow(documents, session, null);
    expect(first.document.events[0]!.verdict?.rule).toBe('new-user');
    applyEnvelope(session, envelope(1, [{ kind: 'pf-user', at: Date.now(), via: 'init', user: { username: 'ann', email: 'ann@example.com' } }]), DEFAULT_SETTINGS);
    const second = follow(documents, session, first);
    const full = toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    expect(second.document.events[0]!.verdict).toEqual(full.events[0]!.verdict);
    expect(second.document.events[0]!.verdict).not.toEqual(first.document.events[0]!.verdict);
  });

  it('starts over when the capture was cleared, and drops evicted events', () => {
    const session = newTabSession(3);
    const documents = new DocumentCache();
    const small = { ...DEFAULT_SETTINGS, limit: 100 };
    applyEnvelope(session, envelope(0, Array.from({ length: 100 }, (_, i) => call('track', [`E${i}`]))), small);
    const first = follow(documents, session, null);
    applyEnvelope(session, envelope(1, Array.from({ length: 10 }, (_, i) => call('track', [`F${i}`]))), small);
    const second = mergeSessionDelta(first, delta(documents, session, { epoch: first.epoch, rev: first.rev }, small));
    expect(second.document.events).toHaveLength(100);
    expect(second.document.events[0]!.name).toBe('E10');
    const cleared = newTabSession(3);
    const restarted = follow(documents, cleared, second);
    expect(restarted.epoch).not.toBe(second.epoch);
    expect(restarted.document.events).toEqual([]);
  });
});

describe('paging a large session', () => {
  it('fetches a session larger than one answer in pages, ending equal to a full fetch', async () => {
    const session = newTabSession(4);
    const documents = new DocumentCache();
    applyEnvelope(session, envelope(0, Array.from({ length: 23 }, (_, i) => call('track', [`P${i}`]))), DEFAULT_SETTINGS);
    const sizes: number[] = [];
    // The background's session:get with answers of 10 events; the client sends nothing else here.
    const sessionGet = async (message: PageMessage) => {
      if (message.type !== 'session:get' || !message.since) throw new Error(`unexpected ${message.type}`);
      const answer = delta(documents, session, message.since, DEFAULT_SETTINGS, 10);
      sizes.push(answer.document.events.length);
      return answer;
    };
    const messenger: Messenger = { send: sessionGet as Messenger['send'], onMessage: () => () => undefined };
    const first = await followTabSession(messenger, 4, 'f', null);
    expect(sizes).toEqual([10, 10, 3]);
    const full = toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    expect(first!.document.events.map((e) => e.id)).toEqual(full.events.map((e) => e.id));
    // A call made after the first page's revision comes with the next refresh.
    applyEnvelope(session, envelope(1, [call('track', ['Later'])]), DEFAULT_SETTINGS);
    sizes.length = 0;
    const next = await followTabSession(messenger, 4, 'f', first);
    expect(sizes).toEqual([1]);
    expect(next!.document.events.at(-1)!.name).toBe('Later');
    expect(next!.document.events).toHaveLength(24);
  });
});
