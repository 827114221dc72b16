import { describe, expect, it } from 'vitest';
import { followedCapture, toSessionDocument } from '../../lib/background/document';
import { applyEnvelope, newTabSession, type TabSession } from '../../lib/background/tabSession';
import { followTabSession, type Messenger } from '../../lib/extension-pages/sessionClient';
import type { CaptureEnvelope, CaptureRecord } from '../../lib/shared/captureEnvelope';
import { mergeSessionDelta, toSessionDelta, type FollowedSession } from '../../lib/shared/follow';
import { DEFAULT_SETTINGS, type PageMessage } from '../../lib/shared/messages';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';

let cid = 0;
function envelope(batch: number, records: CaptureRecord[]): CaptureEnvelope {
  return { tag: ENVELOPE_TAG, instance: 'p', batch, url: 'http://127.0.0.1/', title: 'T', top: true, records };
}
const call = (method: string, args: unknown[]): CaptureRecord => ({ kind: 'call', cid: ++cid, at: Date.now(), source: 'segment', method, args, via: 'instance', globalName: 'analytics' });

/** A follower as the panel runs it: fetch a delta, merge it. */
function follow(session: TabSession, prev: FollowedSession | null, derived: Map<string, string>): FollowedSession {
  const answer = toSessionDelta(followedCapture(session), toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }), prev && { epoch: prev.epoch, rev: prev.rev }, derived);
  return mergeSessionDelta(prev, answer);
}

describe('following a session by deltas', () => {
  it('ends with the same events as a full fetch, and keeps unchanged events as the same objects', () => {
    const session = newTabSession(1);
    const derived = new Map<string, string>();
    applyEnvelope(session, envelope(0, [call('track', ['A']), call('track', ['B'])]), DEFAULT_SETTINGS);
    const first = follow(session, null, derived);
    expect(first.document.events.map((e) => e.name)).toEqual(['A', 'B']);

    const aCid = cid - 1;
    applyEnvelope(session, envelope(1, [{ kind: 'built', cid: aCid, built: { messageId: 'm-a' }, messageId: 'm-a' }, call('identify', ['u-1', { email: 'a@example.com' }])]), DEFAULT_SETTINGS);
    const delta = toSessionDelta(followedCapture(session), toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }), { epoch: first.epoch, rev: first.rev }, new Map(derived));
    expect(delta.delta.full).toBe(false);
    expect(delta.document.events.map((e) => e.name ?? e.type)).toEqual(['A', 'identify']);

    const second = follow(session, first, derived);
    const full = toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    expect(second.document.events).toEqual(full.events);
    expect(second.document.events[1]).toBe(first.document.events[1]); // B did not change
    const third = follow(session, second, derived);
    expect(third.document.events).toBe(second.document.events); // nothing changed at all
  });

  it('re-sends an old event whose verdict changed because of a later one', () => {
    const session = newTabSession(2);
    const derived = new Map<string, string>();
    applyEnvelope(session, envelope(0, [call('identify', ['ann', { email: 'ann@example.com' }])]), DEFAULT_SETTINGS);
    const first = follow(session, null, derived);
    expect(first.document.events[0]!.verdict?.rule).toBe('new-user');
    applyEnvelope(session, envelope(1, [{ kind: 'pf-user', at: Date.now(), via: 'init', user: { username: 'ann', email: 'ann@example.com' } }]), DEFAULT_SETTINGS);
    const second = follow(session, first, derived);
    const full = toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }).document;
    expect(second.document.events[0]!.verdict).toEqual(full.events[0]!.verdict);
    expect(second.document.events[0]!.verdict).not.toEqual(first.document.events[0]!.verdict);
  });

  it('starts over when the capture was cleared, and drops evicted events', () => {
    const session = newTabSession(3);
    const derived = new Map<string, string>();
    const small = { ...DEFAULT_SETTINGS, limit: 100 };
    applyEnvelope(session, envelope(0, Array.from({ length: 100 }, (_, i) => call('track', [`E${i}`]))), small);
    const first = follow(session, null, derived);
    applyEnvelope(session, envelope(1, Array.from({ length: 10 }, (_, i) => call('track', [`F${i}`]))), small);
    const second = mergeSessionDelta(first, toSessionDelta(followedCapture(session), toSessionDocument(session, { now: new Date(), settings: small }), { epoch: first.epoch, rev: first.rev }, derived));
    expect(second.document.events).toHaveLength(100);
    expect(second.document.events[0]!.name).toBe('E10');
    const cleared = newTabSession(3);
    const restarted = follow(cleared, second, derived);
    expect(restarted.epoch).not.toBe(second.epoch);
    expect(restarted.document.events).toEqual([]);
  });
});

describe('paging a large session', () => {
  it('fetches a session larger than one answer in pages, ending equal to a full fetch', async () => {
    const session = newTabSession(4);
    const derived = new Map<string, string>();
    applyEnvelope(session, envelope(0, Array.from({ length: 23 }, (_, i) => call('track', [`P${i}`]))), DEFAULT_SETTINGS);
    const sizes: number[] = [];
    // The background's session:get with answers of 10 events; the client sends nothing else here.
    const sessionGet = async (message: PageMessage) => {
      if (message.type !== 'session:get' || !message.since) throw new Error(`unexpected ${message.type}`);
      const answer = toSessionDelta(followedCapture(session), toSessionDocument(session, { now: new Date(), settings: DEFAULT_SETTINGS }), message.since, derived, 10);
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
