import { describe, expect, it } from 'vitest';
import { importPfUsers, parsePfUsers } from './importUsers';

describe('parsePfUsers: CSV', () => {
  it('finds username and email columns in any order and case', () => {
    const r = parsePfUsers('Email,Name,USERNAME\nann@x.com,Ann,42\nbob@x.com,Bob,7\n');
    expect(r.format).toBe('csv');
    expect(r.users).toEqual([
      { username: '42', email: 'ann@x.com', line: 2 },
      { username: '7', email: 'bob@x.com', line: 3 },
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('detects a semicolon delimiter', () => {
    expect(parsePfUsers('username;email\n42;ann@x.com').users).toEqual([{ username: '42', email: 'ann@x.com', line: 2 }]);
  });

  it('handles quotes, a delimiter inside quotes, a BOM and CRLF', () => {
    const r = parsePfUsers('\uFEFF"username","email"\r\n"42","ann@x.com"\r\n"a,b","b@x.com"\r\n');
    expect(r.users).toEqual([
      { username: '42', email: 'ann@x.com', line: 2 },
      { username: 'a,b', email: 'b@x.com', line: 3 },
    ]);
  });

  it('counts file lines across a quoted cell that spans lines', () => {
    const r = parsePfUsers('username,email,note\n42,ann@x.com,"two\nlines"\n,,\n7,,x');
    expect(r.users).toEqual([
      { username: '42', email: 'ann@x.com', line: 2 },
      { username: '7', email: null, line: 5 },
    ]);
    expect(r.skipped).toEqual([{ line: 4, reason: 'no username and no email' }]);
  });

  it('accepts a list with only an email column, keeps surrounding spaces PF may have stored', () => {
    expect(parsePfUsers('email\n ann@x.com\n\nbob@x.com').users).toEqual([
      { username: null, email: ' ann@x.com', line: 2 },
      { username: null, email: 'bob@x.com', line: 4 },
    ]);
  });

  it('skips a row whose quote never closes instead of importing the swallowed rest', () => {
    const r = parsePfUsers('username,email\n7,b@x.com\n"42,ann@x.com\n8,c@x.com');
    expect(r.users).toEqual([{ username: '7', email: 'b@x.com', line: 2 }]);
    expect(r.skipped).toEqual([{ line: 3, reason: 'unterminated quote' }]);
  });

  it('rejects a CSV without username or email column, naming the file', () => {
    expect(() => parsePfUsers('id,name\n1,Ann', 'users.csv')).toThrow(
      /^Not a PF users list: expected CSV with a username or email column, a JSON array, or NDJSON \(users\.csv\)/,
    );
  });

  it('rejects an empty file', () => {
    expect(() => parsePfUsers('\uFEFF  \n')).toThrow(/Not a PF users list/);
  });
});

describe('parsePfUsers: JSON and NDJSON', () => {
  it('reads a JSON array of objects, numbers as text, keys in any case', () => {
    const r = parsePfUsers('[{"username": 42, "email": "ann@x.com"}, {"Email": "b@x.com"}, {"name": "x"}, 3]');
    expect(r.format).toBe('json');
    expect(r.users).toEqual([
      { username: '42', email: 'ann@x.com', line: 1 },
      { username: null, email: 'b@x.com', line: 2 },
    ]);
    expect(r.skipped).toEqual([
      { line: 3, reason: 'no username and no email' },
      { line: 4, reason: 'not an object' },
    ]);
  });

  it('rejects a broken JSON array', () => {
    expect(() => parsePfUsers('[{"username": 1},')).toThrow(/Not a PF users list.*does not parse/);
  });

  it('reads NDJSON, skipping malformed lines with their line number', () => {
    const r = parsePfUsers('{"username":"42"}\r\n{oops\n\n{"email":"b@x.com"}\n');
    expect(r.format).toBe('ndjson');
    expect(r.users).toEqual([
      { username: '42', email: null, line: 1 },
      { username: null, email: 'b@x.com', line: 4 },
    ]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/^malformed JSON/) });
  });

  it('takes .jsonl as NDJSON and rejects NDJSON without a single valid line', () => {
    expect(parsePfUsers('{"username":"a"}', 'export.jsonl').format).toBe('ndjson');
    expect(() => parsePfUsers('{\n  "username": "a"\n}')).toThrow(/no line is valid JSON/);
  });
});

describe('PF users export headers', () => {
  it('maps common export headers ("E-mail address", "User ID", "Username", "Email") in CSV and JSON', () => {
    expect(parsePfUsers('Name,E-mail address,User ID\nAnn,ann@example.com,u-1\n').users).toEqual([{ username: 'u-1', email: 'ann@example.com', line: 2 }]);
    expect(parsePfUsers('"Username";"Email"\n"ann";"ann@example.com"\n').users).toEqual([{ username: 'ann', email: 'ann@example.com', line: 2 }]);
    // a real username column wins over a user id column
    expect(parsePfUsers('User ID,Username,Mail\n7,ann,a@x.com\n').users).toEqual([{ username: 'ann', email: 'a@x.com', line: 2 }]);
    expect(parsePfUsers('[{"User ID": "u-2", "E-Mail": "bob@example.com"}]', 'users.json').users).toEqual([{ username: 'u-2', email: 'bob@example.com', line: 1 }]);
  });

  it('takes the columns the user picked, and asks for them when no header is recognised', () => {
    expect(() => parsePfUsers('Who,Contact\nann,ann@example.com\n', 'odd.csv')).toThrow(/no username or email column .*pick the columns/);
    const picked = importPfUsers('Who,Contact\nann,ann@example.com\n', 'odd.csv', undefined, { username: 'Who', email: 'Contact' });
    expect([...picked.users]).toEqual([{ username: 'ann', email: 'ann@example.com', line: 2 }]);
  });
});
