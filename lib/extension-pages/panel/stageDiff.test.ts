import { describe, expect, it } from 'vitest';
import { MAX_DIFF_DEPTH, stageDiff } from './stageDiff';
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

describe('stageDiff on values deeper than any capture keeps', () => {
  const deep = (levels: number, leaf: unknown) => {
    let value: unknown = leaf;
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };

  it('stops at its own depth limit and marks the deeper part as changed there, for 10,000 levels', () => {
    const diff = stageDiff(deep(10_000, 1), deep(10_000, 2));
    expect(diff.size).toBe(1);
    const [path, kind] = [...diff][0]!;
    expect(kind).toBe('changed');
    expect(path).toBe(`$${'.a'.repeat(MAX_DIFF_DEPTH)}`);
  });

  it('still finds nothing between one deep value and itself', () => {
    const value = deep(10_000, 1);
    expect(stageDiff(value, value).size).toBe(0);
  });
});
