import { describe, expect, it } from 'vitest';
import { buildPfUserIndex } from './pfUserIndex';

describe('PfUserIndex', () => {
  const index = buildPfUserIndex(
    [
      { username: 'a', email: 'Ann@x.com ', line: 2 },
      { username: 'b', email: 'ann@x.com', line: 3 },
      { username: '42', email: 'old@x.com', line: 4 },
    ],
    [{ at: 't', via: 'init', user: { username: 42, email: 'new@x.com' }, afterSeq: 0 }],
  );

  it('returns every user with a key, remembering where each came from', () => {
    expect(index.byEmail('ann@x.com').map((u) => u.username)).toEqual(['b']);
    expect(index.byNormalisedEmail(' ANN@x.com').map((u) => [u.username, u.origin])).toEqual([
      ['a', 'import'],
      ['b', 'import'],
    ]);
  });

  it('lets the page version of a username replace the imported one, keeping its number type', () => {
    expect(index.byUsername('42')).toEqual([{ username: 42, email: 'new@x.com', origin: 'page' }]);
    expect(index.byEmail('old@x.com')).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('keeps users without a username apart', () => {
    const withNone = buildPfUserIndex([{ username: null, email: 'x@y.com', line: 2 }]);
    expect(withNone.withoutUsername()).toEqual([{ username: null, email: 'x@y.com', origin: 'import' }]);
  });
});
