/**
 * Findings about one event's identity: why it lands where it lands, and what would make it land
 * elsewhere. Each check reads the Resolution the rule produced and returns at most one finding.
 */
import type { Finding, Severity } from './schema';
import { show, userLabel, looksLikeEmail } from './describe';
import { newPfUserFrom, presentUserId, sameUser, type Resolution } from './resolveIdentity';
import { normaliseEmail, type KnownPfUser } from './pfUserIndex';

/** What more than one check reads, worked out at most once per event. */
class Shared {
  private near: KnownPfUser[] | null = null;

  constructor(private readonly r: Resolution) {}

  /** Known users whose email equals the event's (`email`) once case and whitespace are ignored, but not exactly. */
  nearEmailUsers(email: string): KnownPfUser[] {
    return (this.near ??= nearEmailUsers(this.r, email));
  }
}

type Check = (r: Resolution, shared: Shared) => Finding | null;

function finding(code: string, severity: Severity, message: string): Finding {
  return { code, severity, message };
}

/** Where the event goes, as the tail of a sentence. */
function outcome(r: Resolution): string {
  if (r.user === null) return 'PF creates a new user';
  const how = r.rule === 'email' ? 'by email' : 'by username';
  return `PF updates user ${userLabel(r.user)} (matched ${how})`;
}

function eventEmail(r: Resolution): string | null {
  return typeof r.input.email === 'string' && r.input.email !== '' ? r.input.email : null;
}

/** Known users whose email equals the event's once case and whitespace are ignored, but not exactly. */
function nearEmailUsers(r: Resolution, email: string): KnownPfUser[] {
  const { page } = r;
  const near: KnownPfUser[] = [];
  if (page?.email != null && page.email !== email && normaliseEmail(page.email) === normaliseEmail(email)) near.push(page);
  for (const u of r.index.byNormalisedEmail(email)) if (u.email !== email && !sameUser(u, page)) near.push(u);
  return near;
}

function nearMismatch(
  code: string,
  differs: (event: string, pf: string) => boolean,
  what: string,
  assumption: 'emailCaseInsensitive' | 'emailTrimmed',
): Check {
  return (r, shared) => {
    const email = eventEmail(r);
    if (email === null) return null;
    const user = shared.nearEmailUsers(email).find((u) => u.email !== null && differs(email, u.email));
    if (!user) return null;
    const reached = sameUser(r.user, user);
    const assumed = r.assumptions[assumption];
    const consequence =
      r.rule === 'email' && reached
        ? `rule 1 matches them only because PF is assumed to ${assumption === 'emailCaseInsensitive' ? 'ignore case' : 'trim whitespace'}`
        : `rule 1 does not match them${assumed ? '' : ` (assuming PF does not ${assumption === 'emailCaseInsensitive' ? 'ignore case' : 'trim whitespace'})`}, so ${outcome(r)}`;
    return finding(
      code,
      reached ? 'warning' : 'error',
      `Segment email ${show(email)} and the email ${show(user.email)} of PF user ${userLabel(user)} differ only in ${what}; ${consequence}.`,
    );
  };
}

const emailCaseMismatch = nearMismatch('email-case-mismatch', (e, p) => e.trim() !== p.trim(), 'letter case', 'emailCaseInsensitive');
const emailWhitespaceMismatch = nearMismatch(
  'email-whitespace-mismatch',
  (e, p) => e.toLowerCase() !== p.toLowerCase(),
  'surrounding whitespace',
  'emailTrimmed',
);

/** The user the event is meant for: the one it lands on by username, or the page's when PF would create one. */
function intendedUser(r: Resolution): KnownPfUser | null {
  if (r.rule === 'username') return r.user;
  if (r.rule === 'new-user') return r.page;
  return null;
}

const emailNotInPfUser: Check = (r) => {
  const email = eventEmail(r);
  const user = intendedUser(r);
  if (email === null || user === null || user.email !== null) return null;
  return finding(
    'email-not-in-pf-user',
    'warning',
    `Segment sends email ${show(email)} but PF user ${userLabel(user)} has no email, so rule 1 (email) can never match it; pass email in the Product Fruits user object.`,
  );
};

const emailDiffersFromPfUser: Check = (r) => {
  const email = eventEmail(r);
  const user = intendedUser(r);
  if (email === null || user?.email == null || normaliseEmail(user.email) === normaliseEmail(email)) return null;
  return finding(
    'email-differs-from-pf-user',
    'warning',
    `Segment sends email ${show(email)} but PF user ${userLabel(user)} has email ${show(user.email)}; rule 1 cannot match them, so ${outcome(r)}.`,
  );
};

const userIdMissing: Check = (r) => {
  if (r.input.type !== 'identify' || presentUserId(r.input.userId) !== null) return null;
  const fine = r.rule === 'email' && (r.page === null || sameUser(r.user, r.page));
  return finding(
    'user-id-missing',
    fine ? 'warning' : 'error',
    `identify was sent with userId ${show(r.input.userId)}, so PF can match it only by email; ${outcome(r)}.`,
  );
};

const userIdTypeMismatch: Check = (r) => {
  const userId = presentUserId(r.input.userId);
  if (userId === null) return null;
  const sameText = (u: KnownPfUser) => u.username !== null && String(u.username) === String(userId);
  const candidates = r.page && sameText(r.page) ? [r.page, ...r.usersWithUserIdText] : r.usersWithUserIdText;
  const user = candidates.find((u) => sameText(u) && typeof u.username !== typeof userId);
  if (!user) return null;
  const reached = sameUser(r.user, user);
  const consequence = r.assumptions.numberIdsMatchText
    ? `rule 2 matches them only because PF is assumed to compare numbers as text`
    : `assuming PF compares types, rule 2 does not match them, so ${outcome(r)}`;
  return finding(
    'user-id-type-mismatch',
    reached ? 'warning' : 'error',
    `Segment userId ${show(r.input.userId)} is a ${typeof userId} but PF username ${show(user.username)} is a ${typeof user.username}; ${consequence}.`,
  );
};

/** The PF user the event is expected to reach: the page's, or failing that the one it lands on. */
function referenceUser(r: Resolution): KnownPfUser | null {
  return r.page ?? r.user;
}

function idShapeMismatch(code: string, usernameIsEmail: boolean): Check {
  return (r) => {
    const ref = referenceUser(r);
    const userId = presentUserId(r.input.userId);
    if (ref === null || ref.username === null || userId === null) return null;
    if (looksLikeEmail(ref.username) !== usernameIsEmail || looksLikeEmail(userId) === usernameIsEmail) return null;
    const reached = sameUser(r.user, ref);
    const shape = usernameIsEmail
      ? `PF username ${show(ref.username)} is an email but Segment userId ${show(userId)} is an id`
      : `Segment userId ${show(userId)} is an email but PF username ${show(ref.username)} is an id`;
    return finding(
      code,
      reached ? 'warning' : 'error',
      `${shape}, so rule 2 (username) can never match and only the email can link them; ${outcome(r)}.`,
    );
  };
}

const usernameIsEmailUserIdIsId = idShapeMismatch('username-is-email-userid-is-id', true);
const userIdIsEmailUsernameIsId = idShapeMismatch('userid-is-email-username-is-id', false);

const emailAndUserIdMatchDifferentUsers: Check = (r) => {
  const [other] = r.usernameMatches;
  if (r.rule !== 'email' || r.user === null || other === undefined) return null;
  if (r.usernameMatches.some((u) => sameUser(u, r.user))) return null;
  return finding(
    'email-and-userid-match-different-users',
    'error',
    `Segment email ${show(r.input.email)} matches PF user ${userLabel(r.user)} while userId ${show(r.input.userId)} matches PF user ${userLabel(other)}; rule 1 wins, so PF updates ${userLabel(r.user)}.`,
  );
};

const emailSharedBySeveralUsers: Check = (r) => {
  if (r.emailMatches.length < 2 || r.user === null) return null;
  const labels = r.emailMatches.map(userLabel).join(', ');
  return finding(
    'email-shared-by-several-users',
    'warning',
    `${r.emailMatches.length} PF users share email ${show(r.input.email)} (${labels}); which one PF updates is not known, this verdict assumes ${userLabel(r.user)}.`,
  );
};

const emailOnlyInProperties: Check = (r) => {
  const inProperties = r.input.emailInProperties;
  if (eventEmail(r) !== null || typeof inProperties !== 'string' || inProperties === '') return null;
  const path = r.input.type === 'identify' ? 'traits.email' : 'context.traits.email';
  return finding(
    'email-only-in-properties',
    'warning',
    `Email ${show(inProperties)} is only in properties.email, which the webhook does not read; send it as ${path} so rule 1 can match.`,
  );
};

/** What to change, with the values: make Segment send the page's PF user, or give that user the event's email. */
function fixTowardsPage(r: Resolution): string {
  const page = r.page;
  if (page === null) return '';
  const username = presentUserId(page.username);
  const email = eventEmail(r);
  const identify =
    username === null
      ? null
      : `identify(${show(username)}${page.email === null ? '' : `, { email: ${show(page.email)} }`}), the PF user's username${page.email === null ? '' : ' and email'}`;
  const addEmail = email !== null && email !== page.email ? `add ${show(email)} to PF user ${show(username ?? page.email)}` : null;
  const options = [identify && `send ${identify}`, addEmail].filter(Boolean);
  return options.length === 0 ? '' : ` To fix: ${options.join(', or ')}.`;
}

const wouldCreateNewUser: Check = (r) => {
  if (r.rule !== 'new-user') return null;
  const created = newPfUserFrom(r.input, r.assumptions);
  const subject =
    r.assumptions.newUserUsername === 'anonymousId'
      ? `with username ${show(created.username)} (the anonymousId)`
      : created.username !== null
        ? `for userId ${show(created.username)}`
        : `without a username (userId ${show(r.input.userId)})`;
  const email = eventEmail(r);
  const userId = presentUserId(r.input.userId);
  const tried = [email !== null && `email ${show(email)}`, userId !== null && `username ${show(userId)}`].filter(Boolean);
  const why = tried.length > 0 ? `no known PF user has ${tried.join(' or ')}` : 'the event has neither an email nor a userId';
  if (r.page === null && !r.index.knowsUsersFromOutside) {
    // Only users this session's own events would create are known: whether PF already has the
    // user cannot be told from here, and a red "new user" would be an alarm, not a fact.
    return finding(
      'would-create-new-user',
      'warning',
      `Can't tell whether PF knows this user: import the PF users list or type the PF user. No PF user is known here (the page set none, no list is imported); if PF has no user with ${tried.length > 0 ? tried.join(' or ') : 'this identity'}, it creates a new user ${subject}.`,
    );
  }
  return finding('would-create-new-user', 'error', `Would create a new Product Fruits user ${subject}: ${why}.${fixTowardsPage(r)}`);
};

const differentPersonThanPage: Check = (r) => {
  if (r.page === null || r.user === null || sameUser(r.user, r.page)) return null;
  return finding(
    'different-person-than-page',
    'error',
    `The event lands on PF user ${userLabel(r.user)} (matched ${r.rule === 'email' ? 'by email' : 'by username'}), not on ${userLabel(r.page)}, the user the page's Product Fruits snippet uses.${fixTowardsPage(r)}`,
  );
};

const eventTypeNotRead: Check = (r) =>
  r.assumptions.eventTypesRead.includes(r.input.type)
    ? null
    : finding(
        'event-type-not-read',
        'info',
        `Product Fruits is assumed not to read ${show(r.input.type)} events; this shows what would happen if it did.`,
      );

/** Most consequential first, so the first error explains the outcome. */
const CHECKS: readonly Check[] = [
  wouldCreateNewUser,
  differentPersonThanPage,
  emailAndUserIdMatchDifferentUsers,
  userIdMissing,
  userIdTypeMismatch,
  emailCaseMismatch,
  emailWhitespaceMismatch,
  usernameIsEmailUserIdIsId,
  userIdIsEmailUsernameIsId,
  emailSharedBySeveralUsers,
  emailNotInPfUser,
  emailDiffersFromPfUser,
  emailOnlyInProperties,
  eventTypeNotRead,
];

export function eventFindings(r: Resolution): Finding[] {
  const findings: Finding[] = [];
  const shared = new Shared(r);
  for (const check of CHECKS) {
    const f = check(r, shared);
    if (f !== null) findings.push(f);
  }
  return findings;
}

