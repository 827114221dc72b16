/**
 * The PF users we know exist: the ones the page's snippet set during the session, the ones from an
 * imported users list, and (while replaying a session) the ones PF would have created from webhook
 * events. PF has no lookup endpoint (domain.md §2), so this index is all the matcher can see.
 * Lookups return every user with the key, because duplicates are findings in their own right.
 */
import type { PfUser, PfUserChange } from './schema';
import type { ImportedPfUser } from './importUsers';
import { importedCount, importedUsersOf, type ImportedUsers, type ImportedUsersInput } from './importedUsers';

export type PfUserOrigin = 'page' | 'import' | 'webhook';

export interface KnownPfUser {
  /** Kept as given (a page may pass the number 42) so type mismatches can be reported. */
  username: string | number | null;
  email: string | null;
  origin: PfUserOrigin;
  /** for a user PF would create from a webhook event: that event, so views can say "created by event #N" */
  createdBy?: { id: string; seq: number };
}

/** Lowercase and trim: the loosest comparison any assumption allows, used as the index key. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function usernameText(username: string | number): string {
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
  // Lists keep insertion order, which decides which duplicate is reported first: the imported
  // list (the base) comes before every user added here.
  private count = 0;
  private readonly exactEmail = new Map<string, KnownPfUser[]>();
  private readonly normalisedEmail = new Map<string, KnownPfUser[]>();
  private readonly username = new Map<string, KnownPfUser[]>();
  private readonly noUsername: KnownPfUser[] = [];
  /** Usernames a page user took over: imported rows with them no longer exist. */
  private readonly shadowed = new Set<string>();
  private shadowedRows = 0;
  /** One object per imported row that was ever looked up, so the same row is the same user. */
  private readonly rowUsers = new Map<number, KnownPfUser>();
  private baseNoUsername: KnownPfUser[] | null = null;
  /** Bumped on every change, so callers can tell whether an earlier answer still holds. */
  generation = 0;
  /** The users added here (the page's, the ones webhook events create), in the order they became known. */
  private readonly addedUsers = new Set<KnownPfUser>();
  private addedFromPage = 0;

  constructor(private readonly base: ImportedUsers | null = null) {}

  get size(): number {
    return (this.base?.size ?? 0) - this.shadowedRows + this.count;
  }

  /** Users added here, oldest first (imported rows are not listed: they can be many). */
  added(): KnownPfUser[] {
    return [...this.addedUsers];
  }

  /** Whether any user is known from outside the session's own events: the page's or an imported list. */
  get knowsUsersFromOutside(): boolean {
    return this.addedFromPage > 0 || (this.base?.size ?? 0) > this.shadowedRows;
  }

  /**
   * A page user replaces any known user with the same username: PF usernames are unique and the
   * snippet's updateUserData overwrites that user, so the page's latest version is the truth.
   */
  add(user: KnownPfUser): void {
    this.generation += 1;
    if (user.origin === 'page' && user.username !== null) {
      const key = usernameText(user.username);
      for (const old of this.username.get(key) ?? NONE) this.remove(old, key);
      if (this.base && !this.shadowed.has(key)) {
        this.shadowed.add(key);
        this.shadowedRows += this.base.rowsByUsername(key).length;
      }
    }
    this.count += 1;
    this.addedUsers.add(user);
    if (user.origin !== 'webhook') this.addedFromPage += 1;
    if (user.email !== null) {
      push(this.exactEmail, user.email, user);
      push(this.normalisedEmail, normaliseEmail(user.email), user);
    }
    if (user.username !== null) push(this.username, usernameText(user.username), user);
    else this.noUsername.push(user);
  }

  private rowUser(row: number): KnownPfUser {
    let user = this.rowUsers.get(row);
    if (!user) {
      const base = this.base!;
      user = { username: base.username(row), email: base.email(row), origin: 'import' };
      this.rowUsers.set(row, user);
    }
    return user;
  }

  /** Imported rows still standing (not taken over by a page user), then the users added here. */
  private merged(rows: readonly number[], added: readonly KnownPfUser[] | undefined): readonly KnownPfUser[] {
    if (rows.length === 0) return added ?? NONE;
    const out: KnownPfUser[] = [];
    for (const row of rows) {
      const user = this.rowUser(row);
      if (this.shadowed.size === 0 || user.username === null || !this.shadowed.has(usernameText(user.username))) out.push(user);
    }
    if (added) for (const user of added) out.push(user);
    return out;
  }

  byEmail(email: string): readonly KnownPfUser[] {
    return this.merged(this.base?.rowsByEmail(email) ?? NONE_ROWS, this.exactEmail.get(email));
  }

  /** Users whose email equals `email` after lowercasing and trimming both. */
  byNormalisedEmail(email: string): readonly KnownPfUser[] {
    const key = normaliseEmail(email);
    return this.merged(this.base?.rowsByNormalisedEmail(key) ?? NONE_ROWS, this.normalisedEmail.get(key));
  }

  /** Users whose username has the same text form (42 and '42' both answer '42'). */
  byUsername(username: string | number): readonly KnownPfUser[] {
    const key = usernameText(username);
    const rows = this.base && !this.shadowed.has(key) ? this.base.rowsByUsername(key) : NONE_ROWS;
    return this.merged(rows, this.username.get(key));
  }

  withoutUsername(): readonly KnownPfUser[] {
    if (!this.base) return this.noUsername;
    this.baseNoUsername ??= this.base.rowsWithoutUsername().map((row) => this.rowUser(row));
    return this.noUsername.length === 0 ? this.baseNoUsername : [...this.baseNoUsername, ...this.noUsername];
  }

  /** Only ever called for added users found under `usernameKey`, so that is the username list to clean. */
  private remove(user: KnownPfUser, usernameKey: string): void {
    this.count -= 1;
    this.addedUsers.delete(user);
    if (user.origin !== 'webhook') this.addedFromPage -= 1;
    if (user.email !== null) {
      drop(this.exactEmail, user.email, user);
      drop(this.normalisedEmail, normaliseEmail(user.email), user);
    }
    drop(this.username, usernameKey, user);
  }
}

const NONE_ROWS: readonly number[] = Object.freeze([]);

/** Imported users first, then the page's users in timeline order, so the page's version wins. */
export function buildPfUserIndex(importedUsers: ImportedUsersInput, pfTimeline: readonly PfUserChange[] = []): PfUserIndex {
  const index = new PfUserIndex(importedCount(importedUsers) === 0 ? null : importedUsersOf(importedUsers));
  for (const change of pfTimeline) if (change.user) index.add(knownPfUser(change.user, 'page'));
  return index;
}
