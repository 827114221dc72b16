import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../identity/assumptions';
import { parsePfUsers } from '../identity/importUsers';
import { auditCsv } from './auditCsv';
import { AuditRun, linesOf } from './auditRun';
import { NoIdentityDataError } from './auditor';
import { EventsFormatError } from './readEvents';

const USERS = 'username,email\nann,ann@example.com\nbob,bob@example.com\ncat,cat@example.com\n';

function audit(events: string, users = USERS, assumptions = DEFAULT_ASSUMPTIONS) {
  const run = new AuditRun(parsePfUsers(users, 'users.csv'), assumptions, { events: 'events', users: 'users.csv' });
  for (const line of linesOf(events)) run.line(line);
  run.end();
  return { result: run.result(), rows: run.perUser() };
}

const classOf = (rows: { segmentUser: string; classification: string }[]) => Object.fromEntries(rows.map((r) => [r.segmentUser, r.classification]));

describe('the audit classifies each Segment user', () => {
  it('same person, new user, wrong user, merged and unreached from the warehouse CSV', () => {
    const csv = [
      'user_id,anonymous_id,context_traits_email,received_at',
      'ann,a1,ann@example.com,2024-01-01 00:00:01',
      'dan,a2,dan@example.com,2024-01-01 00:00:02',
      'dan,a2,,2024-01-01 00:00:03',
      'eve,a3,bob@example.com,2024-01-01 00:00:04',
      'bob,a4,,2024-01-01 00:00:05',
    ].join('\n');
    const { result, rows } = audit(csv);
    expect(classOf(rows)).toEqual({ ann: 'samePerson', dan: 'newUser', eve: 'wrongUser', bob: 'merged' });
    expect(result.summary).toEqual({
      samePerson: 1,
      newUser: 1,
      wrongUser: 1,
      merged: 1,
      split: 0,
      unreachedPfUsers: 1,
      events: 5,
      segmentUsers: 4,
      pfUsers: 3,
      skippedRows: 0,
    });
    expect(result.examples.newUser[0]).toMatchObject({ segmentUser: 'dan', laterEventsOnCreatedUser: 1, event: { line: 3, rule: 'new-user' } });
    expect(result.unreachedPfUsers).toEqual([{ username: 'cat', email: 'cat@example.com', origin: 'import' }]);
    expect(auditCsv(result).split('\n')[0]).toBe('classification,segment_user,pf_username,pf_email,pf_origin,events,pf_users_reached,line,rule,reason');
  });

  it('split: one email in two letter cases lands on two PF users unless case is ignored', () => {
    const events = [
      '{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"},"receivedAt":"2024-01-01T00:00:01Z"}',
      '{"type":"identify","userId":"ann2","traits":{"email":"Ann@Example.com"},"receivedAt":"2024-01-01T00:00:02Z"}',
    ].join('\n');
    expect(classOf(audit(events).rows)).toEqual({ ann: 'split', ann2: 'split' });
    expect(classOf(audit(events, USERS, { ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true }).rows)).toEqual({ ann: 'merged', ann2: 'wrongUser' });
  });

  it('takes events in time order, not file order', () => {
    const events = [
      '{"type":"identify","userId":"x","traits":{"email":"x@example.com"},"timestamp":"2024-01-01T00:00:09Z"}',
      '{"type":"identify","userId":"y","traits":{"email":"x@example.com"},"timestamp":"2024-01-01T00:00:01Z"}',
    ].join('\n');
    // y's earlier event creates the PF user; x's later one lands on it by email.
    const { rows, result } = audit(events);
    expect(classOf(rows)).toEqual({ x: 'wrongUser', y: 'merged' });
    expect(result.order).toBe('time');
  });

  it('reads a webhook batch and a session file', () => {
    const batch = JSON.stringify({ batch: [{ type: 'identify', userId: 'ann', traits: { email: 'ann@example.com' } }, { type: 'track', userId: 'ann', event: 'x' }] }, null, 2);
    expect(audit(batch).result.summary).toMatchObject({ events: 2, samePerson: 1 });
    const session = JSON.stringify({
      format: 'segment-pf-companion/session',
      events: [
        { source: 'segment', type: 'identify', args: ['bob', { email: 'bob@example.com' }], sent: null, built: null, capturedAt: '2024-01-01T00:00:00Z' },
        { source: 'segment', type: 'track', args: ['Clicked'], sent: null, built: null, capturedAt: '2024-01-01T00:00:01Z' },
      ],
    });
    expect(audit(session).result.summary).toMatchObject({ events: 2, samePerson: 1, segmentUsers: 1 });
  });
});

describe('bad input', () => {
  it('skips a malformed row with its line number and keeps the rest', () => {
    const events = ['{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"}}', '{not json', '{"type":"identify","userId":"bob"}', '{"userId":"x"}'].join('\n');
    const { result } = audit(events);
    expect(result.summary.events).toBe(2);
    expect(result.summary.skippedRows).toBe(2);
    expect(result.input.events.firstSkipped.map((s) => s.line)).toEqual([2, 4]);
    expect(result.input.events.firstSkipped[0]?.reason).toMatch(/malformed JSON/);
  });

  it('a CSV row with the wrong number of cells or a bad time is skipped and counted', () => {
    const csv = 'user_id,anonymous_id,email,received_at\nann,a1,ann@example.com,2024-01-01 00:00:01\nbob,a2\ncat,a3,cat@example.com,yesterday\n';
    const { result } = audit(csv);
    expect(result.input.events.firstSkipped).toEqual([
      { line: 3, reason: 'expected 4 cells, found 2' },
      { line: 4, reason: 'received_at "yesterday" is not a timestamp' },
    ]);
    expect(result.summary.events).toBe(1);
  });

  it('names an unknown format and what was expected', () => {
    expect(() => audit('name,age\nann,3')).toThrow(EventsFormatError);
    expect(() => audit('name,age\nann,3')).toThrow(/expected NDJSON Segment events.*identifies table.*no user_id or anonymous_id column/);
  });

  it('a file with no identity data says so instead of reporting everyone as new', () => {
    expect(() => audit('{"type":"track","event":"x"}\n{"type":"page"}')).toThrow(NoIdentityDataError);
    expect(() => audit('{"type":"track","event":"x"}')).toThrow(/No identity data in events: 1 row\(s\) read/);
  });

  it('a users list without users says so instead of reporting everyone as new', () => {
    const events = 'user_id,anonymous_id,email,received_at\nann,a1,ann@example.com,2024-01-01 00:00:01';
    expect(() => audit(events, 'username,email\n')).toThrow(/No PF users in users.csv: 0 row\(s\) read/);
  });
});
