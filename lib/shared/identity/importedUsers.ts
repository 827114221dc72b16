/**
 * An imported PF users list (up to a million rows) in columns: every username and email is a
 * range of one text, and three open-addressing hash tables (exact email, normalised email,
 * username) point at the first row with a key, chained to the next row with the same key in file
 * order. Built once per import, in the users worker, and sent to the page as a few strings and
 * typed arrays: nothing per row to allocate, clone or index again for each judgement.
 */

export interface ImportedPfUser {
  username: string | null;
  email: string | null;
  /** 1-based line in the file (for a JSON array: the item's position), for pointing at bad rows. */
  line: number;
}

/** What crosses the worker boundary (structured clone; the buffers can be transferred). */
export interface ImportedUsersData {
  text: string;
  /** per row: start and end of the username / email in `text`, -1 when absent */
  nameStart: Int32Array;
  nameEnd: Int32Array;
  emailStart: Int32Array;
  emailEnd: Int32Array;
  lines: Int32Array;
  count: number;
  /** hash tables of size 2^k holding row + 1 (0: empty slot), and the same-key chains */
  byName: Int32Array;
  byEmail: Int32Array;
  byNormEmail: Int32Array;
  nextName: Int32Array;
  nextEmail: Int32Array;
  nextNormEmail: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** Whitespace String.prototype.trim removes, in the ASCII range. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * The email as `normaliseEmail` (trim, lowercase) would make it, without making it when the
 * range is plain ASCII: returns [start, end) of the trimmed range, or null when the range holds
 * a character outside ASCII (then the caller normalises the real string).
 */
function asciiTrimmed(text: string, start: number, end: number): [number, number] | null {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 127) return null;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

function hashLowerRange(text: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ lowerAscii(text.charCodeAt(i)), FNV_PRIME);
  return h >>> 0;
}

function hashString(s: string): number {
  return hashRange(s, 0, s.length);
}

function tableSize(count: number): number {
  let size = 16;
  while (size < count * 2) size *= 2;
  return size;
}

function rangeEquals(text: string, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (text.charCodeAt(start + i) !== s.charCodeAt(i)) return false;
  return true;
}

/** Collects rows while a file is read; `build()` indexes them. */
export class ImportedUsersBuilder {
  private parts: string[] = [];
  private length = 0;
  private rows = 0;
  private nameStart = new Int32Array(1024);
  private nameEnd = new Int32Array(1024);
  private emailStart = new Int32Array(1024);
  private emailEnd = new Int32Array(1024);
  private lines = new Int32Array(1024);

  /** `text` holds every cell the rows point into; set once, before any `addRange`. */
  constructor(private readonly baseText = '') {
    this.length = baseText.length;
  }

  get count(): number {
    return this.rows;
  }

  private grow(): void {
    const size = this.lines.length * 2;
    const more = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.nameStart = more(this.nameStart);
    this.nameEnd = more(this.nameEnd);
    this.emailStart = more(this.emailStart);
    this.emailEnd = more(this.emailEnd);
    this.lines = more(this.lines);
  }

  /** A row whose cells are ranges of the base text (-1 when absent). */
  addRange(nameStart: number, nameEnd: number, emailStart: number, emailEnd: number, line: number): void {
    if (this.rows === this.lines.length) this.grow();
    const r = this.rows++;
    this.nameStart[r] = nameStart;
    this.nameEnd[r] = nameEnd;
    this.emailStart[r] = emailStart;
    this.emailEnd[r] = emailEnd;
    this.lines[r] = line;
  }

  private append(value: string | null): [number, number] {
    if (value === null) return [-1, -1];
    const start = this.length;
    this.parts.push(value);
    this.length += value.length;
    return [start, this.length];
  }

  add(username: string | null, email: string | null, line: number): void {
    const [ns, ne] = this.append(username);
    const [es, ee] = this.append(email);
    this.addRange(ns, ne, es, ee, line);
  }

  build(): ImportedUsers {
    const text = this.parts.length === 0 ? this.baseText : this.baseText + this.parts.join('');
    const n = this.rows;
    const cut = (a: Int32Array) => a.slice(0, n);
    const data: ImportedUsersData = {
      text,
      nameStart: cut(this.nameStart),
      nameEnd: cut(this.nameEnd),
      emailStart: cut(this.emailStart),
      emailEnd: cut(this.emailEnd),
      lines: cut(this.lines),
      count: n,
      byName: new Int32Array(tableSize(n)),
      byEmail: new Int32Array(tableSize(n)),
      byNormEmail: new Int32Array(tableSize(n)),
      nextName: new Int32Array(n).fill(-1),
      nextEmail: new Int32Array(n).fill(-1),
      nextNormEmail: new Int32Array(n).fill(-1),
    };
    indexRows(data);
    return new ImportedUsers(data);
  }
}

/**
 * Inserts every row into the three tables. `last*` remembers the tail of each key's chain (by the
 * slot of its first row), so a chain stays in file order without walking it.
 */
function indexRows(d: ImportedUsersData): void {
  const { text } = d;
  const tail = new Int32Array(d.count);
  const insert = (
    table: Int32Array,
    next: Int32Array,
    row: number,
    hash: number,
    same: (other: number) => boolean,
  ) => {
    const mask = table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = table[slot]!;
      if (at === 0) {
        table[slot] = row + 1;
        tail[row] = row;
        return;
      }
      const first = at - 1;
      if (same(first)) {
        next[tail[first]!] = row;
        tail[first] = row;
        return;
      }
    }
  };
  for (let r = 0; r < d.count; r++) {
    const ns = d.nameStart[r]!;
    if (ns >= 0) {
      const ne = d.nameEnd[r]!;
      insert(d.byName, d.nextName, r, hashRange(text, ns, ne), (o) => sameRange(text, ns, ne, d.nameStart[o]!, d.nameEnd[o]!));
    }
  }
  tail.fill(0);
  for (let r = 0; r < d.count; r++) {
    const es = d.emailStart[r]!;
    if (es >= 0) {
      const ee = d.emailEnd[r]!;
      insert(d.byEmail, d.nextEmail, r, hashRange(text, es, ee), (o) => sameRange(text, es, ee, d.emailStart[o]!, d.emailEnd[o]!));
    }
  }
  tail.fill(0);
  for (let r = 0; r < d.count; r++) {
    const es = d.emailStart[r]!;
    if (es < 0) continue;
    const norm = normalisedKey(text, es, d.emailEnd[r]!);
    insert(d.byNormEmail, d.nextNormEmail, r, norm.hash, (o) => norm.equals(text, d.emailStart[o]!, d.emailEnd[o]!));
  }
}

function sameRange(text: string, as: number, ae: number, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (text.charCodeAt(as + i) !== text.charCodeAt(bs + i)) return false;
  return true;
}

interface NormalisedKey {
  hash: number;
  /** whether the email at [start, end) of `text` normalises to this key */
  equals(text: string, start: number, end: number): boolean;
}

/** The key of an email under `normaliseEmail` (trim, lowercase), computed in place for ASCII. */
function normalisedKey(text: string, start: number, end: number): NormalisedKey {
  const ascii = asciiTrimmed(text, start, end);
  if (ascii === null) return stringKey(text.slice(start, end).trim().toLowerCase());
  const [s, e] = ascii;
  return {
    hash: hashLowerRange(text, s, e),
    equals(other, os, oe) {
      const trimmed = asciiTrimmed(other, os, oe);
      if (trimmed === null) return other.slice(os, oe).trim().toLowerCase() === text.slice(s, e).toLowerCase();
      const [ts, te] = trimmed;
      if (te - ts !== e - s) return false;
      for (let i = 0; i < e - s; i++) if (lowerAscii(other.charCodeAt(ts + i)) !== lowerAscii(text.charCodeAt(s + i))) return false;
      return true;
    },
  };
}

/** The same key from an already normalised string (a query, or a non-ASCII email). */
function stringKey(key: string): NormalisedKey {
  const ascii = asciiTrimmed(key, 0, key.length);
  return {
    hash: ascii === null ? hashString(key) : hashLowerRange(key, 0, key.length),
    equals(other, os, oe) {
      const trimmed = asciiTrimmed(other, os, oe);
      if (trimmed === null || ascii === null) return other.slice(os, oe).trim().toLowerCase() === key;
      return rangeEqualsLower(other, trimmed[0], trimmed[1], key);
    },
  };
}

function rangeEqualsLower(text: string, start: number, end: number, key: string): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (lowerAscii(text.charCodeAt(start + i)) !== key.charCodeAt(i)) return false;
  return true;
}

const NO_ROWS: readonly number[] = Object.freeze([]);

export class ImportedUsers {
  constructor(readonly data: ImportedUsersData) {}

  static fromUsers(users: readonly ImportedPfUser[]): ImportedUsers {
    const builder = new ImportedUsersBuilder();
    for (const u of users) builder.add(u.username, u.email, u.line);
    return builder.build();
  }

  get size(): number {
    return this.data.count;
  }

  username(row: number): string | null {
    const s = this.data.nameStart[row]!;
    return s < 0 ? null : this.data.text.slice(s, this.data.nameEnd[row]!);
  }

  email(row: number): string | null {
    const s = this.data.emailStart[row]!;
    return s < 0 ? null : this.data.text.slice(s, this.data.emailEnd[row]!);
  }

  user(row: number): ImportedPfUser {
    return { username: this.username(row), email: this.email(row), line: this.data.lines[row]! };
  }

  *[Symbol.iterator](): IterableIterator<ImportedPfUser> {
    for (let r = 0; r < this.data.count; r++) yield this.user(r);
  }

  /** The buffers a worker can transfer instead of copying. */
  transferables(): ArrayBuffer[] {
    const d = this.data;
    return [d.nameStart, d.nameEnd, d.emailStart, d.emailEnd, d.lines, d.byName, d.byEmail, d.byNormEmail, d.nextName, d.nextEmail, d.nextNormEmail].map(
      (a) => a.buffer as ArrayBuffer,
    );
  }

  private chain(table: Int32Array, next: Int32Array, hash: number, matches: (row: number) => boolean): readonly number[] {
    if (this.data.count === 0) return NO_ROWS;
    const mask = table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = table[slot]!;
      if (at === 0) return NO_ROWS;
      if (!matches(at - 1)) continue;
      const rows: number[] = [];
      for (let r = at - 1; r !== -1; r = next[r]!) rows.push(r);
      return rows;
    }
  }

  /** Rows whose username is exactly `username`, in file order. */
  rowsByUsername(username: string): readonly number[] {
    const d = this.data;
    return this.chain(d.byName, d.nextName, hashString(username), (r) => rangeEquals(d.text, d.nameStart[r]!, d.nameEnd[r]!, username));
  }

  rowsByEmail(email: string): readonly number[] {
    const d = this.data;
    return this.chain(d.byEmail, d.nextEmail, hashString(email), (r) => rangeEquals(d.text, d.emailStart[r]!, d.emailEnd[r]!, email));
  }

  /** Rows whose email equals `normalised` (already trimmed and lowercased) once trimmed and lowercased. */
  rowsByNormalisedEmail(normalised: string): readonly number[] {
    const d = this.data;
    const key = stringKey(normalised);
    return this.chain(d.byNormEmail, d.nextNormEmail, key.hash, (r) => key.equals(d.text, d.emailStart[r]!, d.emailEnd[r]!));
  }

  rowsWithoutUsername(): readonly number[] {
    const rows: number[] = [];
    for (let r = 0; r < this.data.count; r++) if (this.data.nameStart[r]! < 0) rows.push(r);
    return rows;
  }
}

export type ImportedUsersInput = readonly ImportedPfUser[] | ImportedUsers;

// An array handed in again (the pages keep the list they imported) is indexed once.
const built = new WeakMap<readonly ImportedPfUser[], ImportedUsers>();

export function importedUsersOf(input: ImportedUsersInput): ImportedUsers {
  if (input instanceof ImportedUsers) return input;
  let users = built.get(input);
  if (!users) {
    users = ImportedUsers.fromUsers(input);
    built.set(input, users);
  }
  return users;
}

export function importedCount(input: ImportedUsersInput): number {
  return input instanceof ImportedUsers ? input.size : input.length;
}
