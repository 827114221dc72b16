import { describe, expect, it } from 'vitest';
import { FollowerCache, MAX_FOLLOWERS } from './followers';

describe('FollowerCache', () => {
  it('gives a follower the same memory each time, apart per tab', () => {
    const cache = new FollowerCache();
    const sent = cache.of(1, 'panel');
    sent.set('e1', 'verdict');
    expect(cache.of(1, 'panel')).toBe(sent);
    expect(cache.of(2, 'panel')).not.toBe(sent);
  });

  it(`remembers at most ${MAX_FOLLOWERS} followers and forgets the oldest first`, () => {
    const cache = new FollowerCache();
    const maps = Array.from({ length: MAX_FOLLOWERS }, (_, i) => cache.of(1, `f${i}`));
    maps.forEach((m, i) => m.set('e', String(i)));
    cache.of(1, 'newcomer');
    for (let i = 1; i < MAX_FOLLOWERS; i++) expect(cache.of(1, `f${i}`)).toBe(maps[i]);
    const forgotten = cache.of(1, 'f0');
    expect(forgotten).not.toBe(maps[0]);
    expect(forgotten.size).toBe(0);
  });
});
