import { describe, expect, it } from 'vitest';
import { newTabSession } from '../../lib/background/tabSession';
import { FRESH_ROWS_PAGES, followTabRows, getEvent, searchTab, type FollowedRows } from '../../lib/extension-pages/sessionClient';
import { DEFAULT_SETTINGS } from '../../lib/shared/messages';
import { summarize } from '../../lib/shared/session/summary';
import { addRecords, call, lastCid, tracks, windowBackground } from '../support/windowBackground';

describe('following a live tab as event summaries', () => {
  it('asks small first pages, reports every page, and ends with a summary of every event', async () => {
    const session = newTabSession(1);
    const [first, second] = FRESH_ROWS_PAGES;
    addRecords(session, tracks(first + second + 30));
    const { messenger, sent, full } = windowBackground(session);
    const pages: FollowedRows[] = [];
    const rows = await followTabRows(messenger, 1, 'f', null, (page) => pages.push(page));
    expect(sent.map((m) => m.type === 'session:rows' && m.limit)).toEqual([first, second, undefined]);
    expect(pages.map((p) => p.rows.length)).toEqual([first, first + second]);
    expect(pages[0]!.total).toBe(first + second + 30);
    expect(rows!.rows).toHaveLength(first + second + 30);
    expect(rows!.rows).toEqual(full().events.map(summarize));
    expect(rows!.document.events).toEqual([]);
    expect(rows!.document.page.url).toBe('http://127.0.0.1/');
  });

  it('brings changed, new and evicted events up to date, keeping unchanged summaries as the same objects', async () => {
    const settings = { ...DEFAULT_SETTINGS, limit: 100 };
    const session = newTabSession(2);
    addRecords(session, [call('track', ['A']), ...tracks(98, 'B')], settings);
    const b5Cid = lastCid() - 92;
    const { messenger, full } = windowBackground(session, settings);
    const first = (await followTabRows(messenger, 2, 'f', null))!;
    expect(first.rows[6]).toMatchObject({ name: 'B5', userId: null });

    addRecords(session, [{ kind: 'built', cid: b5Cid, built: { type: 'track', event: 'B5', userId: 'u-9', messageId: 'm-b5' }, messageId: 'm-b5' }, ...tracks(3, 'C')], settings);
    const second = (await followTabRows(messenger, 2, 'f', first))!;
    expect(second.rows).toEqual(full().events.map(summarize));
    expect(second.rows).toHaveLength(100);
    // Two new events pushed the two oldest out of the 100 kept: A is gone, the first B too.
    expect(second.rows.map((r) => r.name).slice(0, 1)).toEqual(['B1']);
    expect(second.rows.at(-1)!.name).toBe('C2');
    expect(second.rows[0]).toBe(first.rows[2]);
    expect(second.rows[4]).toMatchObject({ name: 'B5', userId: 'u-9' });

    const third = (await followTabRows(messenger, 2, 'f', second))!;
    expect(third.rows).toBe(second.rows);
  });

  it('re-sends the summary of an identify whose verdict a later event changed', async () => {
    const session = newTabSession(3);
    addRecords(session, [call('identify', ['ann', { email: 'ann@example.com' }])]);
    const { messenger, full } = windowBackground(session);
    const first = (await followTabRows(messenger, 3, 'f', null))!;
    expect(first.rows[0]!.verdict?.rule).toBe('new-user');
    addRecords(session, [{ kind: 'pf-user', at: Date.now(), via: 'init', user: { username: 'ann', email: 'ann@example.com' } }]);
    const second = (await followTabRows(messenger, 3, 'f', first))!;
    expect(second.rows[0]!.verdict).toEqual(full().events[0]!.verdict);
    expect(second.rows[0]!.verdict).not.toEqual(first.rows[0]!.verdict);
  });
});

describe('asking the background about one event and a search', () => {
  it('answers an event in full with the event its PF link points to, and null for an unknown id', async () => {
    const session = newTabSession(4);
    addRecords(session, [call('track', ['Checkout', { total: 5 }]), call('identify', ['u-1', { email: 'x@example.com' }])]);
    const { messenger, full } = windowBackground(session);
    const [track] = full().events;
    const answer = await getEvent(messenger, 4, track!.id);
    expect(answer.event).toEqual(track);
    expect(answer.linked).toBeNull();
    expect(await getEvent(messenger, 4, 'no-such-event')).toEqual({ event: null, linked: null });
  });

  it('answers the seqs a plain or regex search matches, and nothing to filter for an empty or invalid one', async () => {
    const session = newTabSession(5);
    addRecords(session, [call('track', ['Checkout', { coupon: 'WINTER' }]), call('track', ['Browse', {}]), call('identify', ['u-1', { email: 'x@example.com' }])]);
    const { messenger, full } = windowBackground(session);
    const seqs = full().events.map((e) => e.seq);
    expect(await searchTab(messenger, 5, 'winter')).toEqual(new Set([seqs[0]]));
    expect(await searchTab(messenger, 5, '/^identify/')).toEqual(new Set([seqs[2]]));
    expect(await searchTab(messenger, 5, 'nothing like it')).toEqual(new Set());
    expect(await searchTab(messenger, 5, '')).toBeNull();
    expect(await searchTab(messenger, 5, '/(/')).toBeNull();
  });
});
