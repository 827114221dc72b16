/**
 * PF's matching rule for one webhook event (domain.md §1): (1) email vs PF `email`,
 * (2) userId vs PF `username`, (3) create a new PF user — evaluated under explicit assumptions.
 */
import type { PfUser, Verdict } from './schema';
import type { IdentityAssumptions } from './assumptions';
import { knownPfUser, type KnownPfUser, type PfUserIndex } from './pfUserIndex';
import type { WebhookIdentity } from './webhookIdentity';

export type MatchRule = Verdict['rule'];

/** Everything the rule saw, so findings can explain the outcome without re-deriving it. */
export interface Resolution {
  input: WebhookIdentity;
  assumptions: IdentityAssumptions;
  index: PfUserIndex;
  page: KnownPfUser | null;
  rule: MatchRule;
  /** The existing user the event updates; null for new-user. */
  user: KnownPfUser | null;
  /** Users rule 1 matches, the page's user first. */
  emailMatches: readonly KnownPfUser[];
  /** Users rule 2 would match (evaluated even when rule 1 wins), the page's user first. */
  usernameMatches: readonly KnownPfUser[];
  /** Indexed users whose username has the text of the event's userId, whatever the assumptions (none without a userId). */
  usersWithUserIdText: readonly KnownPfUser[];
}

/** The email as PF is assumed to compare it; null when there is nothing to compare. */
function comparableEmail(email: unknown, a: IdentityAssumptions): string | null {
  if (typeof email !== 'string') return null;
  let s = a.emailTrimmed ? email.trim() : email;
  if (a.emailCaseInsensitive) s = s.toLowerCase();
  return s === '' ? null : s;
}

/** A userId that can be compared with a username; anything else counts as missing. */
export function presentUserId(userId: unknown): string | number | null {
  if (typeof userId === 'string' && userId !== '') return userId;
  if (typeof userId === 'number' && Number.isFinite(userId)) return userId;
  return null;
}

/** PF usernames are unique, so two records with the same username text are one PF user. */
export function sameUser(a: KnownPfUser | null, b: KnownPfUser | null): boolean {
  if (a === null || b === null) return false;
  if (a === b) return true;
  if (a.username === null || b.username === null) return a.username === b.username && a.email === b.email;
  return String(a.username) === String(b.username);
}

function usernameEquals(username: string | number | null, userId: string | number, a: IdentityAssumptions): boolean {
  if (username === null || String(username) !== String(userId)) return false;
  return a.numberIdsMatchText || typeof username === typeof userId;
}

/** The page's user stands in for any indexed record of the same user, and is preferred on ties. */
function withPageUser(found: readonly KnownPfUser[], page: KnownPfUser | null, pageMatches: boolean): KnownPfUser[] {
  if (page === null) return [...found];
  const others = found.filter((u) => !sameUser(u, page));
  return pageMatches ? [page, ...others] : others;
}

function emailMatchesOf(input: WebhookIdentity, index: PfUserIndex, page: KnownPfUser | null, a: IdentityAssumptions) {
  const key = comparableEmail(input.email, a);
  if (key === null || typeof input.email !== 'string') return [];
  const exact = !a.emailCaseInsensitive && !a.emailTrimmed;
  const found = exact
    ? index.byEmail(input.email)
    : index.byNormalisedEmail(input.email).filter((u) => comparableEmail(u.email, a) === key);
  return withPageUser(found, page, page !== null && comparableEmail(page.email, a) === key);
}

function usernameMatchesOf(input: WebhookIdentity, withUserIdText: readonly KnownPfUser[], index: PfUserIndex, page: KnownPfUser | null, a: IdentityAssumptions) {
  const userId = presentUserId(input.userId);
  if (userId !== null) {
    const found = withUserIdText.filter((u) => usernameEquals(u.username, userId, a));
    return withPageUser(found, page, page !== null && usernameEquals(page.username, userId, a));
  }
  if (a.nullUserIdSkipsUsernameRule) return [];
  return withPageUser(index.withoutUsername(), page, page !== null && page.username === null);
}

const NO_USERS: readonly KnownPfUser[] = Object.freeze([]);

export function resolveIdentity(
  input: WebhookIdentity,
  index: PfUserIndex,
  pageUser: PfUser | null,
  assumptions: IdentityAssumptions,
): Resolution {
  const page = pageUser ? knownPfUser(pageUser, 'page') : null;
  const emailMatches = emailMatchesOf(input, index, page, assumptions);
  const userId = presentUserId(input.userId);
  const usersWithUserIdText = userId === null ? NO_USERS : index.byUsername(userId);
  const usernameMatches = usernameMatchesOf(input, usersWithUserIdText, index, page, assumptions);
  const byEmail = emailMatches[0];
  const byUsername = usernameMatches[0];
  const rule: MatchRule = byEmail ? 'email' : byUsername ? 'username' : 'new-user';
  return { input, assumptions, index, page, emailMatches, usernameMatches, usersWithUserIdText, rule, user: byEmail ?? byUsername ?? null };
}

/** The user PF would create by rule 3: username from the assumed field, email from the event. */
export function newPfUserFrom(input: WebhookIdentity, a: IdentityAssumptions): KnownPfUser {
  const source = a.newUserUsername === 'userId' ? input.userId : input.anonymousId;
  return {
    username: presentUserId(source),
    email: typeof input.email === 'string' && input.email !== '' ? input.email : null,
    origin: 'webhook',
  };
}

