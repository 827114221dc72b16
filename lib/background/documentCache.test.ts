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
});
