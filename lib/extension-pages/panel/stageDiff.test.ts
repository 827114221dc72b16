import { describe, expect, it } from 'vitest';
import { stageDiff } from './stageDiff';
import { formatPath, isInside } from './jsonPath';

describe('stageDiff', () => {
  it('finds nothing between equal values', () => {
    expect(stageDiff({ a: [1, { b: null }] }, { a: [1, { b: null }] }).size).toBe(0);
  });

  it('reports added, removed and changed leaves by path', () => {
    const built = { type: 'track', properties: { plan: 'pro', seats: 3 }, writeKey: 'k' };
    const sent = { type: 'track', properties: { plan: 'free', seats: 3 }, sentAt: 'now' };
    expect(Object.fromEntries(stageDiff(built, sent))).toEqual({
      '$.properties.plan': 'changed',
      '$.writeKey': 'removed',
      '$.sentAt': 'added',
    });
  });

  it('compares arrays by index', () => {
    expect(Object.fromEntries(stageDiff({ a: [1, 2] }, { a: [1, 3, 4] }))).toEqual({
      '$.a[1]': 'changed',
      '$.a[2]': 'added',
    });
  });

  it('treats a type change as one change at that node', () => {
    expect(Object.fromEntries(stageDiff({ a: { b: 1 } }, { a: [1] }))).toEqual({ '$.a': 'changed' });
    expect(Object.fromEntries(stageDiff(null, { a: 1 }))).toEqual({ $: 'changed' });
  });

  it('quotes keys that are not identifiers', () => {
    expect([...stageDiff({}, { 'odd key': 1 }).keys()]).toEqual(['$["odd key"]']);
  });
});

describe('jsonPath', () => {
  it('formats paths as console accessors', () => {
    expect(formatPath(['context', 'page', 0, 'a-b'])).toBe('$.context.page[0]["a-b"]');
  });
  it('knows which paths lie inside another', () => {
    expect(isInside('$.a.b', '$.a')).toBe(true);
    expect(isInside('$.a[0]', '$.a')).toBe(true);
    expect(isInside('$.ab', '$.a')).toBe(false);
    expect(isInside('$.a', '$.a')).toBe(false);
  });
});
