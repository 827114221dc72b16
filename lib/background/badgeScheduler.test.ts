import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BADGE_DELAY_MS, BadgeScheduler, type TabBadge } from './badgeScheduler';

describe('BadgeScheduler', () => {
  let clock = 0;
  let buildCost = 0;
  let painted: { tabId: number; at: number }[] = [];
  const badge: TabBadge = { count: 3, light: 'green', reason: 'ok' };
  const scheduler = () =>
    new BadgeScheduler({
      load: async (tabId) => tabId,
      build: () => {
        clock += buildCost;
        return badge;
      },
      paint: async (tabId) => {
        painted.push({ tabId, at: Date.now() });
      },
      now: () => clock,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    buildCost = 0;
    painted = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`paints once per ${BADGE_DELAY_MS} ms however many batches arrive`, async () => {
    const badges = scheduler();
    for (let i = 0; i < 20; i++) badges.schedule(7);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS - 1);
    expect(painted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(painted.map((p) => p.tabId)).toEqual([7]);
    await vi.advanceTimersByTimeAsync(10 * BADGE_DELAY_MS);
    expect(painted).toHaveLength(1);
  });

  it('waits four times as long as the last build took, when that is longer', async () => {
    const badges = scheduler();
    buildCost = 200;
    badges.schedule(1);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(painted).toHaveLength(1);
    badges.schedule(1);
    await vi.advanceTimersByTimeAsync(4 * 200 - 1);
    expect(painted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(painted).toHaveLength(2);
    // Another tab's cost is its own.
    badges.schedule(2);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(painted.map((p) => p.tabId)).toEqual([1, 1, 2]);
  });

  it('starts from the shortest delay again for a forgotten tab', async () => {
    const badges = scheduler();
    buildCost = 1000;
    badges.schedule(1);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    badges.forget(1);
    badges.schedule(1);
    await vi.advanceTimersByTimeAsync(BADGE_DELAY_MS);
    expect(painted).toHaveLength(2);
  });

  it('waits four times the cost the caller reports when the work is done outside build', async () => {
    const badges = new BadgeScheduler({
      load: async (tabId) => tabId,
      build: () => badge,
      paint: async (tabId) => {
        painted.push({ tabId, at: Date.now() });
      },
      costMs: () => 100,
      now: () => clock,
    });
    badges.schedule(7);
    await vi.advanceTimersByTimeAsync(399);
    expect(painted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(painted.map((p) => p.tabId)).toEqual([7]);
  });
});
