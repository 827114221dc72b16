import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { MAX_ANSWER_CHARS } from '../shared/answerBudget';
import type { PagedSessionAnswer } from '../shared/sessionPage';
import { startBackground } from './main';

const NO_ANSWER = Symbol('no answer');

/** Delivers `message` to the background as the browser would from `sender`. */
async function deliver(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
  let answer: unknown = NO_ANSWER;
  let answered!: () => void;
  const done = new Promise<void>((resolve) => (answered = resolve));
  const results = await fakeBrowser.runtime.onMessage.trigger(message, sender, (a: unknown) => {
    answer = a;
    answered();
  });
  if (results.some((r: unknown) => r === true)) await done;
  return answer;
}

const APP = 'https://app.example.com/';
let tab: Browser.tabs.Tab;
let TAB: number;
async function openTab(): Promise<void> {
  tab = await fakeBrowser.tabs.create({ url: APP });
  TAB = tab.id!;
}
const contentScript = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, tab, url: APP, frameId: 0 });
const AD = 'https://ads.example.net/frame.html';
/** our content script in a cross-origin subframe of the tab */
const subframeScript = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, tab, url: AD, frameId: 7 });
const panel = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/devtools-panel.html') });
/** an extension page opened as a tab, as the e2e tests open the panel and popup */
const pageInTab = (): Browser.runtime.MessageSender => ({ ...panel(), tab });
const otherExtension = (): Browser.runtime.MessageSender => ({ id: 'another-extension', tab, url: APP });

let batch = 0;
const envelopeText = (name: string) =>
  JSON.stringify({
    tag: ENVELOPE_TAG,
    instance: 'main-test',
    batch: batch++,
    url: APP,
    title: 'App',
    top: true,
    records: [{ kind: 'call', cid: batch, at: Date.now(), source: 'segment', method: 'track', args: [name], via: 'instance', globalName: 'analytics' }],
  });
const captureBatch = (name: string) => {
  const text = envelopeText(name);
  return { type: 'capture:batch', relay: 'relay-main-test', first: batch - 1, envelopes: [text] };
};

async function eventNames(): Promise<unknown> {
  const answer = (await deliver({ type: 'session:get', tabId: TAB }, panel())) as { document: { events: { name?: string }[] } };
  return answer.document.events.map((e) => e.name);
}

describe('background message routing', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await openTab();
    startBackground();
  });

  it('takes a capture batch from our content script, into the tab it runs in', async () => {
    expect(await deliver(captureBatch('From Content'), contentScript())).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['From Content']);
  });

  it('attributes a batch to the frame the browser says sent it, whatever the envelope claims', async () => {
    expect(await deliver(captureBatch('From Content'), contentScript())).toEqual({ ok: true });
    const forged = { ...captureBatch('From Ad'), relay: 'relay-ad' };
    expect(await deliver(forged, subframeScript())).toEqual({ ok: true });
    const answer = (await deliver({ type: 'session:get', tabId: TAB }, panel())) as { document: { events: { name?: string; frameUrl?: string | null }[]; navigations?: unknown[] } };
    expect(answer.document.events.map((e) => [e.name, e.frameUrl])).toEqual([['From Content', null], ['From Ad', AD]]);
    expect(answer.document.navigations).toEqual([]);
  });

  it('drops a re-sent envelope by the relay sequence number, not by the batch number the page wrote', async () => {
    const first = captureBatch('Once');
    expect(await deliver(first, contentScript())).toEqual({ ok: true });
    expect(await deliver(first, contentScript())).toEqual({ ok: true });
    const huge = JSON.stringify({ ...JSON.parse(envelopeText('Huge Batch')), batch: Number.MAX_SAFE_INTEGER });
    expect(await deliver({ type: 'capture:batch', relay: 'relay-main-test', first: batch, envelopes: [huge] }, contentScript())).toEqual({ ok: true });
    batch++;
    expect(await deliver(captureBatch('After'), contentScript())).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['Once', 'Huge Batch', 'After']);
  });

  it('refuses a capture batch from an extension page or another extension', async () => {
    expect(await deliver(captureBatch('From Panel'), panel())).toBe(NO_ANSWER);
    expect(await deliver(captureBatch('From Page Tab'), pageInTab())).toBe(NO_ANSWER);
    expect(await deliver(captureBatch('From Other'), otherExtension())).toBe(NO_ANSWER);
    expect(await deliver(captureBatch('From Nowhere'), { id: fakeBrowser.runtime.id })).toBe(NO_ANSWER);
    expect(await eventNames()).toEqual([]);
  });

  it('refuses page requests from a content script', async () => {
    await deliver(captureBatch('Kept'), contentScript());
    expect(await deliver({ type: 'session:get', tabId: TAB }, contentScript())).toBe(NO_ANSWER);
    expect(await deliver({ type: 'session:clear', tabId: TAB }, contentScript())).toBe(NO_ANSWER);
    expect(await deliver({ type: 'settings:set', settings: { limit: 100 } }, contentScript())).toBe(NO_ANSWER);
    expect(await eventNames()).toEqual(['Kept']);
    expect(await deliver({ type: 'settings:get' }, pageInTab())).toEqual({ limit: 20_000, preserveLog: true });
  });

  it('ignores messages that fail the schema', async () => {
    for (const message of [
      { type: 'session:get', tabId: -1 },
      { type: 'session:get', tabId: '7' },
      { type: 'settings:set', settings: { limit: 5 } },
      { type: 'session:changed', tabId: TAB, count: 1 },
      { type: 'nope' },
      'session:get',
      null,
    ]) {
      expect(await deliver(message, panel()), JSON.stringify(message)).toBe(NO_ANSWER);
    }
    expect(await deliver({ type: 'capture:batch', envelopes: [{ tag: ENVELOPE_TAG }] }, contentScript())).toBe(NO_ANSWER);
    expect(await eventNames()).toEqual([]);
  });

  it('pages a plain session:get by bytes: each answer stays under the budget and the pages give every event', async () => {
    const megabyte = 'x'.repeat(1_000_000);
    for (let i = 0; i < 20; i++) {
      const text = JSON.stringify({ ...JSON.parse(envelopeText(`Big ${i}`)), records: [{ kind: 'call', cid: 1000 + i, at: Date.now(), source: 'segment', method: 'track', args: [`Big ${i}`, { blob: megabyte }], via: 'instance', globalName: 'analytics' }] });
      expect(await deliver({ type: 'capture:batch', relay: 'relay-big', first: i, envelopes: [text] }, contentScript())).toEqual({ ok: true });
    }
    const first = (await deliver({ type: 'session:get', tabId: TAB }, panel())) as PagedSessionAnswer;
    expect(JSON.stringify(first).length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    expect(first.page).toMatchObject({ total: 20, nextSeq: expect.any(Number) });
    const names = first.document.events.map((e) => e.name);
    for (let page = first.page; page.nextSeq !== null; ) {
      const next = (await deliver({ type: 'session:get', tabId: TAB, afterSeq: page.nextSeq }, panel())) as PagedSessionAnswer;
      expect(JSON.stringify(next).length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      names.push(...next.document.events.map((e) => e.name));
      page = next.page;
    }
    expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `Big ${i}`));
  });

  /** 20 events of ~1 MB each: 20 Mi characters together, past one answer's budget */
  async function captureTwentyMegabytes(where: 'args' | 'name'): Promise<void> {
    const megabyte = 'x'.repeat(1_000_000);
    for (let i = 0; i < 20; i++) {
      const args = where === 'args' ? [`Big ${i}`, { blob: megabyte }] : [`Big ${i} ${megabyte}`];
      const text = JSON.stringify({ ...JSON.parse(envelopeText(`Big ${i}`)), records: [{ kind: 'call', cid: 1000 + i, at: Date.now(), source: 'segment', method: 'track', args, via: 'instance', globalName: 'analytics' }] });
      expect(await deliver({ type: 'capture:batch', relay: 'relay-big', first: i, envelopes: [text] }, contentScript())).toEqual({ ok: true });
    }
  }

  type Delta = { delta: { nextSeq: number | null; total: number }; document: { events: { name: string | null }[] }; rows?: { name: string | null }[] };

  /** Follows the tab page by page as the panel does, checking each answer's size; the names it got. */
  async function followAll(type: 'session:get' | 'session:rows'): Promise<string[]> {
    const names: string[] = [];
    let afterSeq: number | undefined;
    for (let pages = 0; pages < 40; pages++) {
      const since = { epoch: '', rev: 0, follower: 'f', ...(afterSeq === undefined ? {} : { afterSeq }) };
      const answer = (await deliver({ type, tabId: TAB, since }, panel())) as Delta;
      expect(JSON.stringify(answer).length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      names.push(...(answer.rows ?? answer.document.events).map((e) => (e.name ?? '').slice(0, 6).trim()));
      if (answer.delta.nextSeq === null) return names;
      afterSeq = answer.delta.nextSeq;
    }
    throw new Error('the pages never ended');
  }

  it('pages a follower by bytes too: 20 events of 1 MB come in answers under the budget, every one of them', async () => {
    await captureTwentyMegabytes('args');
    expect(await followAll('session:get')).toEqual(Array.from({ length: 20 }, (_, i) => `Big ${i}`));
  });

  it('pages the panel rows by bytes too: 20 rows named with 1 MB each come in answers under the budget', async () => {
    await captureTwentyMegabytes('name');
    expect(await followAll('session:rows')).toEqual(Array.from({ length: 20 }, (_, i) => `Big ${i}`));
  });

  it('answers a follower with a delta', async () => {
    await deliver(captureBatch('A'), contentScript());
    const answer = (await deliver({ type: 'session:get', tabId: TAB, since: { epoch: '', rev: 0, follower: 'f' } }, panel())) as { delta: { full: boolean; total: number } };
    expect(answer.delta).toMatchObject({ full: true, total: 1 });
  });
});

/** Holds the next `storage.session.set` of the background until `release()`, as a slow write would. */
function holdNextWrite() {
  const area = fakeBrowser.storage.session;
  const original = area.set.bind(area);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const writing = new Promise<void>((resolve) => (started = resolve));
  const spy = vi.spyOn(area, 'set').mockImplementationOnce(async (items) => {
    started();
    await released;
    return original(items);
  });
  return { writing, release, spy };
}

describe('background readers and the tab\'s writes', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await openTab();
    startBackground();
  });

  it('answers a reader while the tab\'s write is still under way, with the session as stored before it', async () => {
    expect(await deliver(captureBatch('Stored'), contentScript())).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['Stored']);
    const write = holdNextWrite();
    const second = deliver(captureBatch('Being Written'), contentScript());
    await write.writing;
    // The write stays held until release() below: a reader that queued behind it would never answer
    // and the test would time out.
    const rows = (await deliver({ type: 'session:rows', tabId: TAB, since: { epoch: '', rev: 0, follower: 'f' } }, panel())) as { rows: { name: string }[] };
    expect(rows.rows.map((r) => r.name)).toEqual(['Stored']);
    expect(await eventNames()).toEqual(['Stored']);
    write.release();
    expect(await second).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['Stored', 'Being Written']);
  });

  it('after a failed write readers see the stored session only; the next write stores both batches, and a restart keeps every event shown', async () => {
    expect(await deliver(captureBatch('First'), contentScript())).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['First']);
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('IO error: the disk went away'));
    expect(await deliver(captureBatch('Unstored'), contentScript())).toMatchObject({ ok: false });
    expect(await eventNames()).toEqual(['First']);
    expect(await deliver(captureBatch('Third'), contentScript())).toEqual({ ok: true });
    expect(await eventNames()).toEqual(['First', 'Unstored', 'Third']);
    // A restarted service worker has only the area.
    fakeBrowser.runtime.onMessage.removeAllListeners();
    startBackground();
    expect(await eventNames()).toEqual(['First', 'Unstored', 'Third']);
  });

  it('a reader that comes after a failed write, with nothing shown before, stores the session before it shows it', async () => {
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValueOnce(new Error('IO error: the disk went away'));
    expect(await deliver(captureBatch('Unstored'), contentScript())).toMatchObject({ ok: false });
    expect(await eventNames()).toEqual(['Unstored']);
    fakeBrowser.runtime.onMessage.removeAllListeners();
    startBackground();
    expect(await eventNames()).toEqual(['Unstored']);
  });
});

describe('background settings', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await openTab();
  });

  it('reads the stored settings once, not for every captured batch', async () => {
    await fakeBrowser.storage.local.set({ settings: { limit: 100, preserveLog: false } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    startBackground();
    for (let i = 0; i < 5; i++) expect(await deliver(captureBatch(`E${i}`), contentScript())).toEqual({ ok: true });
    expect(await deliver({ type: 'settings:get' }, panel())).toEqual({ limit: 100, preserveLog: false });
    expect(get.mock.calls.filter(([keys]) => JSON.stringify(keys).includes('settings'))).toHaveLength(1);
  });

  it('keeps what settings:set stored, and follows a change made in storage', async () => {
    startBackground();
    expect(await deliver({ type: 'settings:set', settings: { preserveLog: false } }, panel())).toEqual({ limit: 20_000, preserveLog: false });
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: { limit: 20_000, preserveLog: false } });
    await fakeBrowser.storage.local.set({ settings: { limit: 500, preserveLog: true } });
    expect(await deliver({ type: 'settings:get' }, panel())).toEqual({ limit: 500, preserveLog: true });
  });

  it('falls back to the defaults for stored settings that fail the schema', async () => {
    await fakeBrowser.storage.local.set({ settings: { limit: 'many' } });
    startBackground();
    expect(await deliver({ type: 'settings:get' }, panel())).toEqual({ limit: 20_000, preserveLog: true });
  });
});
