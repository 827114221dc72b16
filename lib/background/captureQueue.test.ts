import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { CaptureQueue } from './captureQueue';
import { applyEnvelope } from './tabSession';
import { TabStore } from './tabStore';
import { heldArea, oneCallEnvelope } from '../../tests/support/heldStorage';

const TAB = 5;


function setup() {
  const held = heldArea();
  const store = new TabStore(held.area);
  const queue = new CaptureQueue(store);
  const capture = (name: string) => queue.add(TAB, (session, total) => {
    const result = applyEnvelope(session, oneCallEnvelope(name), DEFAULT_SETTINGS);
    for (const seq of result.changed) total.changed.add(seq);
    total.metaChanged ||= result.metaChanged;
  });
  const storedNames = async () => {
    const session = await new TabStore(held.area).load(TAB);
    return session.events.map((e) => e.name);
  };
  return { ...held, capture, storedNames };
}

describe('CaptureQueue', () => {
  it('stores the messages that waited for the tab\'s write together, in one write, in arrival order', async () => {
    const q = setup();
    const first = q.capture('A');
    await q.started();
    const waiting = [q.capture('B'), q.capture('C'), q.capture('D')];
    await q.release();
    expect(await first).toBe(1);
    await q.release();
    expect(await Promise.all(waiting)).toEqual([4, 4, 4]);
    expect(q.writes()).toBe(2);
    expect(await q.storedNames()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('a failed write fails every message of its group; the next group stores them with its own', async () => {
    const q = setup();
    const first = q.capture('A');
    await q.started();
    const group = [q.capture('B'), q.capture('C')];
    await q.release();
    await first;
    q.fail();
    await q.release();
    for (const message of group) await expect(message).rejects.toThrow('IO error');
    const next = q.capture('E');
    await q.release();
    expect(await next).toBe(4);
    expect(await q.storedNames()).toEqual(['A', 'B', 'C', 'E']);
  });
});
