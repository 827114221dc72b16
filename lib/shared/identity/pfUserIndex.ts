/**
 * The PF users we know exist: the ones the page's snippet set during the session, the ones from an
 * imported users list, and (while replaying a session) the ones PF would have created from webhook
 * events. PF has no lookup endpoint (domain.md §2), so this index is all the matcher can see.
 * Lookups return every user with the key, because duplicates are findings in their own right.
 */
import type { PfUser, PfUserChange } from './schema';
import type { ImportedPfUser } from './importUsers';

export type PfUserOrigin = 'page' | 'import' | 'webhook';

export interface KnownPfUser {
  /** Kept as given (a page may pass the number 42) so type mismatches can be reported. */
  username: string | number | null;
  email: string | null;
  origin: PfUserOrigin;
}

/** Lowercase and trim: the loosest comparison any assumption allows, used as the index key. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function usernameText(username: string | number): string {
  return String(username);
}

/** Reads the loose user object a page gives PF; anything that cannot be a key becomes null. */
export function knownPfUser(user: PfUser | ImportedPfUser, origin: PfUserOrigin): KnownPfUser {
  const { username, email } = user;
  return {
    username:
      (typeof username === 'string' && username !== '') || (typeof username === 'number' && Number.isFinite(username))
        ? username
        : null,
    email: typeof email === 'string' && email !== '' ? email : null,
    origin,
  };
}

function push<K>(map: Map<K, KnownPfUser[]>, key: K, user: KnownPfUser): void {
  const list = map.get(key);
  if (list) list.push(user);
  else map.set(key, [user]);
}

function drop<K>(map: Map<K, KnownPfUser[]>, key: K, user: KnownPfUser): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((u) => u !== user);
  if (rest.length === 0) map.delete(key);
  else map.set(key, rest);
}

const NONE: readonly KnownPfUser[] = Object.freeze([]);

export class PfUserIndex {
  // Lists keep insertion order, which decides which duplicate is reported first.
  private count = 0;
  private readonly exactEmail = new Map<string, KnownPfUser[]>();
  private readonly normalisedEmail = new Map<string, KnownPfUser[]>();
  private readonly username = new Map<string, KnownPfUser[]>();
  private readonly noUsername: KnownPfUser[] = [];

  get size(): number {
    return this.count;
  }

  /**
   * A page user replaces any known user with the same username: PF usernames are unique and the
   * snippet's updateUserData overwrites that user, so the page's latest version is the truth.
   */
  add(user: KnownPfUser): void {
    if (user.origin === 'page' && user.username !== null) {
      const key = usernameText(user.username);
      for (const old of this.byUsername(key)) this.remove(old, key);
    }
    this.count += 1;
    if (user.email !== null) {
      push(this.exactEmail, user.email, user);
      push(this.normalisedEmail, normaliseEmail(user.email), user);
    }
    if (user.username !== null) push(this.username, usernameText(user.username), user);
    else this.noUsername.push(user);
  }

  byEmail(email: string): readonly KnownPfUser[] {
    return this.exactEmail.get(email) ?? NONE;
  }

  /** Users whose email equals `email` after lowercasing and trimming both. */
  byNormalisedEmail(email: string): readonly KnownPfUser[] {
    return this.normalisedEmail.get(normaliseEmail(email)) ?? NONE;
  }

  /** Users whose username has the same text form (42 and '42' both answer '42'). */
  byUsername(username: string | number): readonly KnownPfUser[] {
    return this.username.get(usernameText(username)) ?? NONE;
  }

  withoutUsername(): readonly KnownPfUser[] {
    return this.noUsername;
  }

  /** Only ever called for users found under `usernameKey`, so that is the username list to clean. */
  private remove(user: KnownPfUser, usernameKey: string): void {
    this.count -= 1;
    if (user.email !== null) {
      drop(this.exactEmail, user.email, user);
      drop(this.normalisedEmail, normaliseEmail(user.email), user);
    }
    drop(this.username, usernameKey, user);
  }
}

/** Imported users first, then the page's users in timeline order, so the page's version wins. */
export function buildPfUserIndex(
  importedUsers: readonly ImportedPfUser[],
  pfTimeline: readonly PfUserChange[] = [],
): PfUserIndex {
  const index = new PfUserIndex();
  for (const user of importedUsers) index.add(knownPfUser(user, 'import'));
  for (const change of pfTimeline) if (change.user) index.add(knownPfUser(change.user, 'page'));
  return index;
}
