import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PfUser, PfUserChange } from './schema';
import type { IdentityAssumptions } from './assumptions';
import type { ImportedPfUser } from './importUsers';
import { matchIdentity, type WebhookIdentity } from './matchIdentity';
import { buildPfUserIndex } from './pfUserIndex';

/**
 * A deliberately naive reading of PF's rule, written from domain.md §1 without the index:
 * one flat list of users, linear scans, first match wins, the page's user preferred.
 */
type Plain = { username: string | number | null; email: string | null };

function plain(user: { username?: unknown; email?: unknown }): Plain {
  const u = user.username;
  const e = user.email;
  return {
    username: (typeof u === 'string' && u !== '') || (typeof u === 'number' && Number.isFinite(u)) ? u : null,
    email: typeof e === 'string' && e !== '' ? e : null,
  };
}

function same(a: Plain, b: Plain): boolean {
  if (a.username === null || b.username === null) return a.username === b.username && a.email === b.email;
  return String(a.username) === String(b.username);
}

function naiveMatch(
  imported: ImportedPfUser[],
  timeline: PfUser[],
  pageUser: PfUser | null,
  event: WebhookIdentity,
  a: IdentityAssumptions,
): { rule: string; pfUser: { username: string | null; email: string | null } | null } {
  let users: Plain[] = imported.map(plain);
  for (const t of timeline) {
    const p = plain(t);
    if (p.username !== null) users = users.filter((u) => u.username === null || String(u.username) !== String(p.username));
    users.push(p);
  }
  const page = pageUser ? plain(pageUser) : null;
  if (page) users = [page, ...users.filter((u) => !same(u, page))];

  const cmp = (e: unknown): string | null => {
    if (typeof e !== 'string') return null;
    let s = a.emailTrimmed ? e.trim() : e;
    if (a.emailCaseInsensitive) s = s.toLowerCase();
    return s === '' ? null : s;
  };
  const key = cmp(event.email);
  const byEmail = key === null ? undefined : users.find((u) => cmp(u.email) === key);

  const id = event.userId;
  const idPresent = (typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id));
  const byUsername = idPresent
    ? users.find(
        (u) =>
          u.username !== null &&
          String(u.username) === String(id) &&
          (a.numberIdsMatchText || typeof u.username === typeof id),
      )
    : a.nullUserIdSkipsUsernameRule
      ? undefined
      : users.find((u) => u.username === null);

  const out = (rule: string, u: Plain) => ({
    rule,
    pfUser: { username: u.username === null ? null : String(u.username), email: u.email },
  });
  if (byEmail) return out('email', byEmail);
  if (byUsername) return out('username', byUsername);
  return { rule: 'new-user', pfUser: null };
}

// Small pools so collisions (same email, same id, case and whitespace variants) are frequent.
const usernames = fc.constantFrom<unknown>('a', 'A', '42', ' a', '', 42, 7, 'ann@x.com', null, undefined, NaN);
const emails = fc.constantFrom<unknown>('ann@x.com', 'Ann@x.com', ' ann@x.com', 'bob@x.com', '', null, undefined, 5);
const pfUser = fc.record({ username: usernames, email: emails }) as fc.Arbitrary<PfUser>;
const importedUser = fc.record({
  username: fc.constantFrom('a', 'A', '42', ' a', '7', 'ann@x.com', null),
  email: fc.constantFrom('ann@x.com', 'Ann@x.com', ' ann@x.com', 'bob@x.com', null),
  line: fc.nat(),
});
const assumptions: fc.Arbitrary<IdentityAssumptions> = fc.record({
  emailCaseInsensitive: fc.boolean(),
  emailTrimmed: fc.boolean(),
  nullUserIdSkipsUsernameRule: fc.boolean(),
  numberIdsMatchText: fc.boolean(),
  newUserUsername: fc.constantFrom('userId' as const, 'anonymousId' as const),
  eventTypesRead: fc.constant(['identify', 'track']),
});
const event: fc.Arbitrary<WebhookIdentity> = fc.record({
  type: fc.constantFrom('identify', 'track'),
  userId: usernames,
  anonymousId: fc.constant('anon'),
  email: emails,
});

describe('matchIdentity agrees with a naive linear reading of the rule', () => {
  it('on rule and PF user, for random users, page users, events and assumptions', () => {
    fc.assert(
      fc.property(
        fc.array(importedUser, { maxLength: 8 }),
        fc.array(pfUser, { maxLength: 3 }),
        fc.option(pfUser, { nil: null }),
        event,
        assumptions,
        (imported, timelineUsers, pageUser, e, a) => {
          const timeline: PfUserChange[] = timelineUsers.map((user, i) => ({ at: `t${i}`, via: 'init', user, afterSeq: i }));
          const verdict = matchIdentity(e, buildPfUserIndex(imported, timeline), pageUser, a);
          const expected = naiveMatch(imported, timelineUsers, pageUser, e, a);
          expect({ rule: verdict.rule, pfUser: verdict.pfUser }).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('says samePersonAsPage only when there is a page user, and never for a new user', () => {
    fc.assert(
      fc.property(fc.array(importedUser, { maxLength: 6 }), fc.option(pfUser, { nil: null }), event, assumptions, (imported, pageUser, e, a) => {
        const verdict = matchIdentity(e, buildPfUserIndex(imported), pageUser, a);
        if (pageUser === null) expect(verdict.samePersonAsPage).toBeNull();
        if (verdict.rule === 'new-user') {
          expect(verdict.samePersonAsPage).not.toBe(true);
          expect(verdict.findings.map((f) => f.code)).toContain('would-create-new-user');
        }
        if (verdict.samePersonAsPage === false && verdict.rule !== 'new-user') {
          expect(verdict.findings.map((f) => f.code)).toContain('different-person-than-page');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
