import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { DocumentCache } from './documentCache';
import { StoredAnswers } from './storedAnswers';
import { applyEnvelope } from './tabSession';
import { TabStore } from './tabStore';
import { heldArea, oneCallEnvelope } from '../../tests/support/heldStorage';

const TAB = 3;


function background() {
  const slow = heldArea();
  const documents = new DocumentCache();
  const settings = { get: async () => DEFAULT_SETTINGS };
  const store: TabStore = new TabStore(slow.area, { onSettled: (session) => answers.settled(session) });
  const answers = new StoredAnswers(store, documents, settings);
  const capture = (name: string) => store.update(TAB, async (s) => store.persist(s, applyEnvelope(s, oneCallEnvelope(name), DEFAULT_SETTINGS)));
  const names = () => answers.read(TAB, (answer) => answer.document.events.map((e) => e.name));
  /** what the reader was answered, or 'queued' when it did not answer before the writes went on */
  const namesNow = async () => {
    let answer: (string | null)[] | 'queued' = 'queued';
    void names().then((n) => (answer = n));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return answer;
  };
  return { ...slow, store, capture, names, namesNow };
}

describe('StoredAnswers: readers of a tab whose writes are under way', () => {
  it('answer at once with the session as last stored, never with what is still being written', async () => {
    const bg = background();
    const first = bg.capture('A');
    await bg.release();
    await first;
    expect(await bg.namesNow()).toEqual(['A']);
    const second = bg.capture('B');
    const third = bg.capture('C');
    // B's write is held, C waits behind it: a reader neither queues nor sees B.
    expect(await bg.namesNow()).toEqual(['A']);
    await bg.release();
    await second;
    // C is being written now; B is stored, and the reader sees it without waiting for C.
    expect(await bg.namesNow()).toEqual(['A', 'B']);
    await bg.release();
    await third;
    expect(await bg.namesNow()).toEqual(['A', 'B', 'C']);
  });

  it('after a clear, a reader during the next write sees the cleared session, never the events cleared away', async () => {
    const bg = background();
    const first = bg.capture('A');
    await bg.release();
    await first;
    expect(await bg.namesNow()).toEqual(['A']);
    const clear = bg.store.clear(TAB);
    expect(await bg.namesNow()).toEqual(['A']);
    await bg.release();
    await clear;
    const next = bg.capture('B');
    expect(await bg.namesNow()).toEqual([]);
    await bg.release();
    await next;
    expect(await bg.namesNow()).toEqual(['B']);
  });

  it('the first reader of a tab that was never read waits for its write, then sees what was stored', async () => {
    const bg = background();
    const first = bg.capture('A');
    expect(await bg.namesNow()).toBe('queued');
    const read = bg.names();
    await bg.release();
    await first;
    expect(await read).toEqual(['A']);
  });
});
