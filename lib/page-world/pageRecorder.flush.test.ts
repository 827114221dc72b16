/**
 * How the recorder's flush shares the page's thread: each timer task sends envelopes for up to
 * its budget, so a page that leaves our timer one turn between its long tasks does not leave its
 * records waiting until it is done. Time is the test's: a window whose clock it moves.
 */
import { describe, expect, it } from 'vitest';
import { createPageRecorder } from './pageRecorder';
import { COMPACT_CALL } from '../shared/pageChannel';

function fakeWindow(clockStep: number) {
  const tasks: (() => void)[] = [];
  const sent: string[] = [];
  let clock = 0;
  const win = {
    setTimeout: (fn: () => void) => tasks.push(fn),
    dispatchEvent: (event: { detail: string }) => sent.push(event.detail) > 0,
    CustomEvent: class {
      readonly detail: string;
      constructor(_type: string, init: { detail: string }) {
        this.detail = init.detail;
      }
    },
    Date: { now: () => 1_796_190_000_000 },
    Math: { random: () => 0.5 },
    // each reading of the clock is `clockStep` ms after the one before
    performance: { now: () => (clock += clockStep) },
    location: { href: 'https://app.example/' },
    document: { title: 'App' },
  };
  const recorder = createPageRecorder(win as unknown as Window & typeof globalThis, true);
  /** Runs the next timer task; how many envelopes it sent. */
  const runTask = () => {
    const before = sent.length;
    tasks.shift()!();
    return sent.length - before;
  };
  return { recorder, sent, tasks, runTask };
}

function recordCalls(recorder: ReturnType<typeof createPageRecorder>, n: number): void {
  for (let i = 0; i < n; i++) recorder.record({ kind: 'call', cid: recorder.nextId(), at: i, method: 'track', args: { value: [`E${i}`], used: -1 }, via: 'instance', globalName: 'analytics' });
}

const callsIn = (sent: string[]) => sent.flatMap((text) => (JSON.parse(text) as { records: unknown[] }).records).filter((r) => Array.isArray(r) && r[0] === COMPACT_CALL).length;

describe('the flush task', () => {
  it('keeps sending, one envelope of 400 records after another, while its budget lasts', () => {
    const { recorder, sent, tasks, runTask } = fakeWindow(0);
    recordCalls(recorder, 2000);
    expect(tasks).toHaveLength(1);
    expect(runTask()).toBe(5);
    expect(tasks).toHaveLength(0);
    expect(callsIn(sent)).toBe(2000);
  });

  it('stops at its budget and leaves the rest to the next task', () => {
    // every envelope takes longer than the whole budget
    const { recorder, sent, tasks, runTask } = fakeWindow(20);
    recordCalls(recorder, 2000);
    const perTask: number[] = [];
    while (tasks.length > 0) perTask.push(runTask());
    expect(perTask).toEqual([1, 1, 1, 1, 1]);
    expect(callsIn(sent)).toBe(2000);
  });

  it('sends as many envelopes as fit in the budget', () => {
    // the clock is read once at the start and once after each envelope: 5 ms each
    const { recorder, tasks, runTask } = fakeWindow(5);
    recordCalls(recorder, 2000);
    const perTask: number[] = [];
    while (tasks.length > 0) perTask.push(runTask());
    expect(perTask).toEqual([3, 2]);
  });
});
