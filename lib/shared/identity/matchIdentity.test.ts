import { describe, expect, it } from 'vitest';
import type { PfUser } from './schema';
import { DEFAULT_ASSUMPTIONS, describeAssumptions, type IdentityAssumptions } from './assumptions';
import type { ImportedPfUser } from './importUsers';
import { matchIdentity, webhookIdentityOf, type WebhookIdentity } from './matchIdentity';
import { buildPfUserIndex } from './pfUserIndex';

interface Row {
  name: string;
  users?: Array<{ username: string | null; email: string | null }>;
  page: PfUser | null;
  event: Partial<WebhookIdentity>;
  assumptions?: Partial<IdentityAssumptions>;
  rule: 'email' | 'username' | 'new-user';
  pfUser?: { username: string | null; email: string | null } | null;
  same?: boolean | null;
  codes: string[];
  /** code → expected severity, for rows where the severity is the point */
  severities?: Record<string, string>;
  /** every one of these must appear in some finding message */
  mentions?: string[];
}

const ann = 'ann@x.com';

const rows: Row[] = [
  {
    name: 'rule 1: email matches the page user',
    page: { username: 'u1', email: ann },
    event: { userId: 'u1', email: ann },
    rule: 'email',
    pfUser: { username: 'u1', email: ann },
    same: true,
    codes: [],
  },
  {
    name: 'rule 2: username matches when the PF user has no email and Segment sends none',
    page: { username: '42' },
    event: { userId: '42' },
    rule: 'username',
    pfUser: { username: '42', email: null },
    same: true,
    codes: [],
  },
  {
    name: 'rule 3: nobody known, no page user',
    page: null,
    event: { userId: 'u-9' },
    rule: 'new-user',
    pfUser: null,
    same: null,
    codes: ['would-create-new-user'],
    mentions: ["Can't tell whether PF knows this user: import the PF users list or type the PF user", "it creates a new user for userId 'u-9'"],
  },
  {
    name: 'email differs only by case: username still reaches the user',
    page: { username: '42', email: ann },
    event: { userId: '42', email: 'Ann@x.com' },
    rule: 'username',
    same: true,
    codes: ['email-case-mismatch'],
    severities: { 'email-case-mismatch': 'warning' },
    mentions: ["'Ann@x.com'", `'${ann}'`],
  },
  {
    name: 'email differs only by case and the userId does not help: error',
    users: [{ username: 'a1', email: ann }],
    page: null,
    event: { userId: 'zz', email: 'Ann@x.com' },
    rule: 'new-user',
    codes: ['would-create-new-user', 'email-case-mismatch'],
    severities: { 'email-case-mismatch': 'error' },
  },
  {
    name: 'case-insensitive assumption lets rule 1 match, still flagged',
    page: { username: '42', email: ann },
    event: { userId: '42', email: 'Ann@x.com' },
    assumptions: { emailCaseInsensitive: true },
    rule: 'email',
    same: true,
    codes: ['email-case-mismatch'],
    severities: { 'email-case-mismatch': 'warning' },
  },
  {
    name: 'surrounding whitespace in the Segment email',
    page: { username: '42', email: ann },
    event: { userId: '42', email: ` ${ann} ` },
    rule: 'username',
    codes: ['email-whitespace-mismatch'],
  },
  {
    name: 'trim assumption lets rule 1 match whitespace differences',
    page: { username: '42', email: ann },
    event: { userId: '42', email: ` ${ann}` },
    assumptions: { emailTrimmed: true },
    rule: 'email',
    codes: ['email-whitespace-mismatch'],
  },
  {
    name: 'Segment has an email, the PF user has none',
    page: { username: '42' },
    event: { userId: '42', email: ann },
    rule: 'username',
    codes: ['email-not-in-pf-user'],
    severities: { 'email-not-in-pf-user': 'warning' },
  },
  {
    name: 'Segment email unrelated to the PF user email',
    page: { username: '42', email: 'bob@x.com' },
    event: { userId: '42', email: ann },
    rule: 'username',
    codes: ['email-differs-from-pf-user'],
  },
  {
    name: 'identify(traits) without userId, rescued by email',
    page: { username: '42', email: ann },
    event: { type: 'identify', userId: null, email: ann },
    rule: 'email',
    same: true,
    codes: ['user-id-missing'],
    severities: { 'user-id-missing': 'warning' },
  },
  {
    name: 'identify(traits) without userId or email: new user',
    page: { username: '42' },
    event: { type: 'identify', userId: null },
    rule: 'new-user',
    same: false,
    codes: ['would-create-new-user', 'user-id-missing'],
    severities: { 'user-id-missing': 'error' },
  },
  {
    name: 'missing userId on a track is not user-id-missing',
    page: { username: '42', email: ann },
    event: { type: 'track', userId: null, email: ann },
    rule: 'email',
    codes: [],
  },
  {
    name: 'null userId may match a user without username when PF does not skip it',
    users: [{ username: null, email: 'x@y.com' }],
    page: null,
    event: { type: 'identify', userId: null },
    assumptions: { nullUserIdSkipsUsernameRule: false },
    rule: 'username',
    pfUser: { username: null, email: 'x@y.com' },
    codes: ['user-id-missing'],
  },
  {
    name: 'PF username is the number 42, Segment userId the text 42 (type-strict)',
    page: { username: 42 },
    event: { userId: '42' },
    rule: 'new-user',
    same: false,
    codes: ['would-create-new-user', 'user-id-type-mismatch'],
    severities: { 'user-id-type-mismatch': 'error' },
    mentions: ["Segment userId '42' is a string but PF username 42 is a number"],
  },
  {
    name: 'number vs text 42 matches when numbers are assumed to match text',
    page: { username: 42 },
    event: { userId: '42' },
    assumptions: { numberIdsMatchText: true },
    rule: 'username',
    pfUser: { username: '42', email: null },
    same: true,
    codes: ['user-id-type-mismatch'],
    severities: { 'user-id-type-mismatch': 'warning' },
  },
  {
    name: 'Segment userId the number 42, imported username text 42',
    users: [{ username: '42', email: null }],
    page: null,
    event: { userId: 42 },
    rule: 'new-user',
    codes: ['would-create-new-user', 'user-id-type-mismatch'],
  },
  {
    name: 'PF username is the email, Segment userId an id: only the email links them',
    page: { username: ann, email: ann },
    event: { userId: 'u1', email: ann },
    rule: 'email',
    same: true,
    codes: ['username-is-email-userid-is-id'],
    severities: { 'username-is-email-userid-is-id': 'warning' },
  },
  {
    name: 'PF username is the email and Segment sends no email: new user',
    page: { username: ann, email: ann },
    event: { userId: 'u1' },
    rule: 'new-user',
    codes: ['would-create-new-user', 'username-is-email-userid-is-id'],
    severities: { 'username-is-email-userid-is-id': 'error' },
  },
  {
    name: 'Segment userId is the email, PF username an id',
    page: { username: '42', email: ann },
    event: { userId: ann, email: ann },
    rule: 'email',
    codes: ['userid-is-email-username-is-id'],
  },
  {
    name: 'email and userId match different users: rule 1 wins',
    users: [{ username: 'boss', email: ann }],
    page: { username: '42' },
    event: { userId: '42', email: ann },
    rule: 'email',
    pfUser: { username: 'boss', email: ann },
    same: false,
    codes: ['email-and-userid-match-different-users', 'different-person-than-page'],
    severities: { 'email-and-userid-match-different-users': 'error', 'different-person-than-page': 'error' },
    mentions: ["'boss'", "'42'"],
  },
  {
    name: 'several PF users share the email',
    users: [
      { username: 'a', email: 's@x.com' },
      { username: 'b', email: 's@x.com' },
    ],
    page: { username: 'a', email: 's@x.com' },
    event: { userId: 'a', email: 's@x.com' },
    rule: 'email',
    pfUser: { username: 'a', email: 's@x.com' },
    same: true,
    codes: ['email-shared-by-several-users'],
  },
  {
    name: 'email only in properties',
    page: { username: '42', email: ann },
    event: { type: 'track', userId: '42', emailInProperties: ann },
    rule: 'username',
    codes: ['email-only-in-properties'],
    mentions: ['context.traits.email'],
  },
  {
    name: 'lands on another existing user than the page user',
    users: [{ username: '7', email: null }],
    page: { username: '42' },
    event: { userId: '7' },
    rule: 'username',
    same: false,
    codes: ['different-person-than-page'],
  },
  {
    name: 'the page version of a user replaces the imported one',
    users: [{ username: '42', email: 'old@x.com' }],
    page: { username: '42', email: 'new@x.com' },
    event: { userId: '42', email: 'old@x.com' },
    rule: 'username',
    pfUser: { username: '42', email: 'new@x.com' },
    codes: ['email-differs-from-pf-user'],
  },
  {
    name: 'an event type PF is assumed not to read',
    page: { username: '42' },
    event: { type: 'alias', userId: '42' },
    rule: 'username',
    codes: ['event-type-not-read'],
  },
  {
    name: 'new user named after the anonymousId under that assumption',
    page: null,
    event: { userId: 'u-9', anonymousId: 'anon-1' },
    assumptions: { newUserUsername: 'anonymousId' },
    rule: 'new-user',
    codes: ['would-create-new-user'],
    mentions: ["username 'anon-1' (the anonymousId)"],
  },
];

function imported(users: Row['users']): ImportedPfUser[] {
  return (users ?? []).map((u, i) => ({ ...u, line: i + 2 }));
}

describe('matchIdentity: every rule and finding', () => {
  it.each(rows)('$name', (row) => {
    const a = { ...DEFAULT_ASSUMPTIONS, ...row.assumptions };
    const timeline = row.page ? [{ at: 't', via: 'init', user: row.page, afterSeq: 0 }] : [];
    const index = buildPfUserIndex(imported(row.users), timeline);
    const event: WebhookIdentity = { type: 'identify', userId: undefined, anonymousId: 'anon', email: undefined, ...row.event };
    const verdict = matchIdentity(event, index, row.page, a);

    expect(verdict.rule).toBe(row.rule);
    if (row.pfUser !== undefined) expect(verdict.pfUser).toEqual(row.pfUser);
    if (row.same !== undefined) expect(verdict.samePersonAsPage).toBe(row.same);
    expect(verdict.findings.map((f) => f.code).sort()).toEqual([...row.codes].sort());
    for (const [code, severity] of Object.entries(row.severities ?? {})) {
      expect(verdict.findings.find((f) => f.code === code)?.severity).toBe(severity);
    }
    const messages = verdict.findings.map((f) => f.message).join('\n');
    for (const text of row.mentions ?? []) expect(messages).toContain(text);
  });

  it('covers every finding code documented in docs/findings.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/findings.md', import.meta.url), 'utf8');
    const sessionCodes = ['identify-before-pf-user', 'user-id-changed-without-reset', 'reset-while-pf-keeps-user', 'track-from-unidentified-user'];
    for (const code of new Set([...rows.flatMap((r) => r.codes), ...sessionCodes])) expect(doc).toContain(`\`${code}\``);
  });

  it('lists the assumptions the verdict rests on, in plain sentences', () => {
    const index = buildPfUserIndex([]);
    const event = { type: 'identify', userId: 'u-9', anonymousId: 'a', email: ann };
    const verdict = matchIdentity(event, index, null, DEFAULT_ASSUMPTIONS);
    expect(verdict.assumptions).toContain('email compared case-sensitively');
    expect(verdict.assumptions).toContain('a PF user created from a webhook event gets username = userId');
    expect(verdict.assumptions).not.toContain('a null or missing userId never matches a username');
    const noId = matchIdentity({ ...event, userId: null, email: undefined }, index, null, DEFAULT_ASSUMPTIONS);
    expect(noId.assumptions).toContain('a null or missing userId never matches a username');
    expect(noId.assumptions).not.toContain('email compared case-sensitively');
  });

  it('describes every assumption, and says when it is switched', () => {
    expect(describeAssumptions(DEFAULT_ASSUMPTIONS)).toHaveLength(6);
    expect(describeAssumptions({ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true })).toContain(
      'email compared ignoring letter case',
    );
  });
});

describe('webhookIdentityOf', () => {
  it('reads traits.email on identify', () => {
    expect(
      webhookIdentityOf({ type: 'identify', userId: '42', anonymousId: 'a', traits: { email: ann }, context: { traits: { email: 'no' } } }),
    ).toEqual({ type: 'identify', userId: '42', anonymousId: 'a', email: ann, emailInProperties: undefined });
  });

  it('reads context.traits.email on other calls, and notes properties.email', () => {
    const identity = webhookIdentityOf({
      type: 'track',
      userId: null,
      anonymousId: 'a',
      traits: { email: 'dropped@x.com' },
      properties: { email: 'p@x.com' },
      context: { traits: { email: ann } },
    });
    expect(identity).toMatchObject({ type: 'track', userId: null, email: ann, emailInProperties: 'p@x.com' });
  });

  it('survives anything that is not an event', () => {
    expect(webhookIdentityOf(null)).toEqual({
      type: '',
      userId: undefined,
      anonymousId: undefined,
      email: undefined,
      emailInProperties: undefined,
    });
    expect(webhookIdentityOf([1, 2]).type).toBe('');
  });
});

describe('findings say what to change, with the values', () => {
  it("names the identify to send and the email to add, as the issue's example", () => {
    const index = buildPfUserIndex([], [{ at: 't', via: 'init', user: { username: 'ann', email: 'ann@example.com' }, afterSeq: 0 }]);
    const identity = { type: 'identify', userId: 'user-123', anonymousId: 'a', email: 'ann.smith@example.org' };
    const verdict = matchIdentity(identity, index, { username: 'ann', email: 'ann@example.com' }, DEFAULT_ASSUMPTIONS);
    expect(verdict.findings[0]?.code).toBe('would-create-new-user');
    expect(verdict.findings[0]?.message).toContain(
      "To fix: send identify('ann', { email: 'ann@example.com' }), the PF user's username and email, or add 'ann.smith@example.org' to PF user 'ann'.",
    );
  });
});
