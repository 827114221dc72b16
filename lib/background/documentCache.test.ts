import { describe, expect, it } from 'vitest';
import type { CaptureEnvelope } from '../shared/captureEnvelope';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { DocumentCache } from './documentCache';
import { applyEnvelope, newTabSession } from './tabSession';

let batch = 0;
const track = (name: string): CaptureEnvelope => ({
  tag: ENVELOPE_TAG,
  instance: 'doc-cache',
  batch: batch++,
  url: 'http://127.0.0.1/',
  title: 'T',
  top: true,
  records: [{ kind: 'call', cid: batch, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: 'analytics' }],
});

describe('DocumentCache', () => {
  it('gives the same document object while the revision stays the same', () => {
    const cache = new DocumentCache();
    const session = newTabSession(1);
    applyEnvelope(session, track('A'), DEFAULT_SETTINGS);
    const first = cache.get(session, DEFAULT_SETTINGS);
    expect(cache.get(session, DEFAULT_SETTINGS)).toBe(first);
    expect(cache.get(session, { ...DEFAULT_SETTINGS })).toBe(first);
  });

  it('builds the document again after a new revision or a change of settings', () => {
    const cache = new DocumentCache();
    const session = newTabSession(2);
    applyEnvelope(session, track('A'), DEFAULT_SETTINGS);
    const first = cache.get(session, DEFAULT_SETTINGS);
    applyEnvelope(session, track('B'), DEFAULT_SETTINGS);
    const second = cache.get(session, DEFAULT_SETTINGS);
    expect(second).not.toBe(first);
    expect(second.document.events.map((e) => e.name)).toEqual(['A', 'B']);
    const third = cache.get(session, { ...DEFAULT_SETTINGS, preserveLog: false });
    expect(third).not.toBe(second);
    expect(third.document.capture?.preserveLog).toBe(false);
  });

  it('keeps one document per tab and forgets a closed tab', () => {
    const cache = new DocumentCache();
    const one = newTabSession(3);
    const two = newTabSession(4);
    const a = cache.get(one, DEFAULT_SETTINGS);
    const b = cache.get(two, DEFAULT_SETTINGS);
    expect(cache.get(one, DEFAULT_SETTINGS)).toBe(a);
    expect(cache.get(two, DEFAULT_SETTINGS)).toBe(b);
    cache.forget(3);
    expect(cache.get(one, DEFAULT_SETTINGS)).not.toBe(a);
  });

  it('shows an event changed in place even when the list of revised events was dropped before it was taken', () => {
    const cache = new DocumentCache();
    const session = newTabSession(5);
    const env = track('A');
    applyEnvelope(session, env, DEFAULT_SETTINGS);
    cache.get(session, DEFAULT_SETTINGS);
    const cid = (env.records[0] as { cid: number }).cid;
    applyEnvelope(session, { ...track('B'), instance: env.instance, records: [{ kind: 'built', cid, built: { type: 'track', event: 'A', messageId: 'm-a' }, messageId: 'm-a' }] }, DEFAULT_SETTINGS);
    // As after TabStore evicted for quota (the session's lists are made again): the fold cannot trust the list.
    session.revised = [];
    expect(cache.get(session, DEFAULT_SETTINGS).document.events[0]!.built).toEqual({ type: 'track', event: 'A', messageId: 'm-a' });
  });
});
