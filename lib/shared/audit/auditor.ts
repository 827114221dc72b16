/**
 * Folds a whole user base through PF's webhook rule (domain.md §1, the rule resolveIdentity
 * applies for the panel): events in time order, each landing by email, else username, else
 * creating a PF user that later events can land on. Built for ten million events: events are
 * typed-array columns of interned values, the PF users are columns too, and the rule runs on
 * id-indexed tables of "first PF user with this key" instead of per-event lookups that build
 * arrays (the audit has no page user and only ever adds PF users, so the first match in insertion
 * order is all resolveIdentity would pick). The unit tests and the DuckDB row-by-row comparison
 * (tests/integration/auditSqlDuckdb.test.ts) hold the result to the rule.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import { assumptionSentences } from '../identity/assumptions';
import type { ImportedPfUser } from '../identity/importUsers';
import { normaliseEmail } from '../identity/pfUserIndex';
import { presentUserId, type MatchRule } from '../identity/resolveIdentity';
import type { SkippedRow } from './auditEvent';
import {
  AUDIT_FORMAT,
  AUDIT_VERSION,
  CLASSIFICATIONS,
  type AuditedEvent,
  type AuditExample,
  type AuditInputFile,
  type AuditPfUser,
  type AuditResult,
  type Classification,
} from './auditResult';
import { ByteColumn, FloatColumn, IntColumn, IntTable, Interner, LineColumn } from './columns';

const RULES: readonly MatchRule[] = ['email', 'username', 'new-user'];
const EMAIL = 0;
const USERNAME = 1;
const NEW_USER = 2;

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * SQL tables have no row order, so duplicates are resolved in one order both sides can compute:
 * by username then email (code units, missing last). A repeated username is one PF user (PF
 * usernames are unique): the first is kept, the others are skipped rows.
 */
function canonicalUsers(users: readonly ImportedPfUser[]): { kept: ImportedPfUser[]; skipped: SkippedRow[] } {
  const sorted = [...users].sort((a, b) => compareText(a.username, b.username) || compareText(a.email, b.email) || a.line - b.line);
  const seen = new Map<string, number>();
  const kept: ImportedPfUser[] = [];
  const skipped: SkippedRow[] = [];
  for (const u of sorted) {
    if (u.username !== null) {
      const first = seen.get(u.username);
      if (first !== undefined) {
        skipped.push({ line: u.line, reason: `duplicate username ${JSON.stringify(u.username)} (first at line ${first})` });
        continue;
      }
      seen.set(u.username, u.line);
    }
    kept.push(u);
  }
  skipped.sort((a, b) => a.line - b.line);
  return { kept, skipped };
}

export interface AuditRow {
  segmentUser: string;
  classification: Classification;
  pfUsername: string | null;
}

export class NoIdentityDataError extends Error {}

export interface AuditInputs {
  eventsFile: string;
  eventsFormat: string | null;
  eventRows: number;
  eventSkipped: readonly SkippedRow[];
  eventSkippedCount: number;
  usersFile: string;
  usersFormat: string | null;
  userRows: number;
  usersSkipped: readonly SkippedRow[];
}

export interface AuditOptions {
  /** examples kept per classification (and unreached PF users listed) */
  examples?: number;
  /** skipped rows listed per file */
  skippedListed?: number;
}

type Value = string | number;

/** PF users as columns: imported ones first (canonical order), then those the fold creates. */
interface PfUsers {
  /** value id of the username (string or number as PF would store it), -1 for none */
  username: IntColumn;
  /** value id of the email, -1 for none */
  email: IntColumn;
  /** event index that created it, -1 for imported */
  createdBy: IntColumn;
}

interface Fold {
  /** event indexes in time order; null: the file's order */
  order: Uint32Array | null;
  pf: PfUsers;
  landing: IntColumn;
  rule: ByteColumn;
}

interface UserFacts {
  events: number;
  pfReached: number;
  laterOnCreated: number | undefined;
}

// A Segment user's record in classify(): event counts and the first event showing each finding (-1: none).
const SEG_EVENTS = 0;
const SEG_FIRST_PF = 1;
const SEG_LAST_PF = 2;
const SEG_FIRST_EVENT = 3;
const SEG_PF_REACHED = 4;
const SEG_SECOND_PF_EVENT = 5;
const SEG_CREATED_EVENT = 6;
const SEG_WRONG_EVENT = 7;
const SEG_SPLIT_EVENT = 8;
const SEG_MERGED_EVENT = 9;
const SEG_FIELDS = 10;
// A PF user's record: events landing on it, the event that created it, the Segment user it is
// named after, the first Segment user landing on it (MERGED once a second one does).
const PF_EVENTS = 0;
const PF_CREATED_BY = 1;
const PF_OWNER = 2;
const PF_FIRST_SEG = 3;
const PF_FIELDS = 4;
const MERGED = -3;

type Visit = (seg: number, c: Classification, keyEvent: number, lastPf: number, facts: UserFacts) => void;

export class Auditor {
  /** every userId, anonymousId, email, username and Segment user key, once */
  private readonly values = new Interner<Value>();
  private readonly types = new Interner<string>();
  private readonly typeRead = new Map<string, boolean>();
  /** value id of a key string -> Segment user (dense, in order of first event) */
  private readonly segOfKey = new IntTable(-1);
  /** Segment user -> value id of its key */
  private readonly segKeys = new IntColumn();
  /** at 2 * (userId value id): the anonymousId and email value ids it last came with (-2: none yet) */
  private readonly seenWith = new IntTable(-2);
  private readonly colLine = new LineColumn();
  private readonly colType = new ByteColumn();
  private readonly colUser = new IntColumn();
  private readonly colAnon = new IntColumn();
  private readonly colEmail = new IntColumn();
  private readonly colSeg = new IntColumn();
  private readonly colTime = new FloatColumn();
  private untimed = false;
  private readonly importedUsername = new IntColumn();
  // (imported users are kept only as these two columns of value ids)
  private readonly importedEmail = new IntColumn();
  private readonly userSkipped: SkippedRow[];
  private lastFold: Fold | null = null;

  constructor(
    importedUsers: readonly ImportedPfUser[],
    private readonly assumptions: IdentityAssumptions,
  ) {
    const { kept, skipped } = canonicalUsers(importedUsers);
    // The users file is held whole already: its strings need no copies.
    for (const u of kept) {
      this.importedUsername.push(u.username !== null && u.username !== '' ? this.values.id(u.username, false) : -1);
      this.importedEmail.push(u.email !== null && u.email !== '' ? this.values.id(u.email, false) : -1);
    }
    this.userSkipped = skipped;
  }

  get events(): number {
    return this.colLine.length;
  }

  private get pfUserCount(): number {
    return this.importedUsername.length;
  }

  private valueId(v: unknown): number {
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? this.values.id(v) : -1;
  }

  /** `valueId(v)`, answered without a lookup when `v` is the value `seen` (-2: nothing seen). */
  private nearValue(v: unknown, seen: number): number {
    if (seen >= 0 && this.values.values[seen] === v) return seen;
    return this.valueId(v);
  }

  private reads(type: string): boolean {
    let read = this.typeRead.get(type);
    if (read === undefined) {
      read = this.assumptions.eventTypesRead.includes(type);
      this.typeRead.set(type, read);
    }
    return read;
  }

  /**
   * Takes one event; returns false when PF's webhook would not judge it (type not read, no
   * identity: sessionVerdicts skips the same events).
   */
  add(line: number, type: string, userId: unknown, anonymousId: unknown, email: unknown, time: number): boolean {
    if (!this.reads(type)) return false;
    const user = presentUserId(userId);
    if (type !== 'identify' && user === null && !(typeof email === 'string' && email !== '')) return false;
    const key = user ?? presentUserId(anonymousId);
    if (key === null) return false;
    const userValue = this.valueId(userId);
    let anonValue: number;
    let emailValue: number;
    if (userValue === -1) {
      anonValue = this.valueId(anonymousId);
      emailValue = typeof email === 'string' ? this.values.id(email) : -1;
    } else {
      // A userId comes back with the anonymousId and email it came with last time: checking
      // those first spares two of the three dictionary lookups that dominated reading.
      const slot = userValue * 2;
      anonValue = this.nearValue(anonymousId, this.seenWith.get(slot));
      emailValue = typeof email === 'string' ? this.nearValue(email, this.seenWith.get(slot + 1)) : -1;
      this.seenWith.set(slot, anonValue);
      this.seenWith.set(slot + 1, emailValue);
    }
    const keyValue =
      typeof key === 'string' ? (key === userId ? userValue : anonValue) : this.values.id(String(key));
    let seg = this.segOfKey.get(keyValue);
    if (seg === -1) {
      seg = this.segKeys.length;
      this.segKeys.push(keyValue);
      this.segOfKey.set(keyValue, seg);
    }
    const typeId = this.types.id(type);
    if (typeId > 255) throw new Error('more than 256 event types');
    this.colLine.push(line);
    this.colType.push(typeId);
    this.colUser.push(userValue);
    this.colAnon.push(anonValue);
    this.colEmail.push(emailValue);
    this.colSeg.push(seg);
    this.colTime.push(time);
    if (Number.isNaN(time)) this.untimed = true;
    return true;
  }

  private value(id: number): Value | null {
    return id === -1 ? null : (this.values.values[id] as Value);
  }

  private text(id: number): string | null {
    return id === -1 ? null : String(this.values.values[id]);
  }

  private segmentKey(seg: number): string {
    return this.values.values[this.segKeys.get(seg)] as string;
  }

  /**
   * Time, then userId, anonymousId, email (as the SQL orders ties), then file position; null
   * when that is the file's order already (exports usually are), which spares a 4-byte index
   * per event.
   */
  private order(): Uint32Array | null {
    const n = this.events;
    if (this.untimed) return null;
    const time = this.colTime;
    const cmp = (a: number, b: number) =>
      time.get(a) - time.get(b) ||
      compareText(this.text(this.colUser.get(a)), this.text(this.colUser.get(b))) ||
      compareText(this.text(this.colAnon.get(a)), this.text(this.colAnon.get(b))) ||
      compareText(this.text(this.colEmail.get(a)), this.text(this.colEmail.get(b))) ||
      a - b;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) {
      const d = time.get(i - 1) - time.get(i);
      if (d > 0 || (d === 0 && cmp(i - 1, i) > 0)) sorted = false;
    }
    if (sorted) return null;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort(cmp);
  }

  /** The email as PF is assumed to compare it (resolveIdentity's comparableEmail); null for none. */
  private comparableEmail(email: string): string | null {
    const a = this.assumptions;
    let s = a.emailTrimmed ? email.trim() : email;
    if (a.emailCaseInsensitive) s = s.toLowerCase();
    return s === '' ? null : s;
  }

  private fold(): Fold {
    const a = this.assumptions;
    const n = this.events;
    const order = this.order();
    const values = this.values;
    const pf: PfUsers = { username: new IntColumn(), email: new IntColumn(), createdBy: new IntColumn() };
    // The rule's lookups, each "the first PF user (in insertion order) with this key". Keys are
    // interned with the values: an email is nearly always its own comparable form already.
    const keyOfEmail = new IntTable(-2); // email value id -> value id of its comparable key, -1 for none
    const firstByEmail = new IntTable(-1); // key value id -> PF user
    const firstByTextUsername = new IntTable(-1); // value id of the username's text -> PF user with a string username
    const firstByNumberUsername = new IntTable(-1); // ... with a number username
    let firstWithoutUsername = -1;
    const emailKey = (emailValue: number): number => {
      let k = keyOfEmail.get(emailValue);
      if (k === -2) {
        const key = this.comparableEmail(values.values[emailValue] as string);
        k = key === null ? -1 : values.id(key);
        keyOfEmail.set(emailValue, k);
      }
      return k;
    };
    const addPf = (username: number, email: number, createdBy: number): number => {
      const p = pf.username.length;
      pf.username.push(username);
      pf.email.push(email);
      pf.createdBy.push(createdBy);
      if (email !== -1) {
        const k = emailKey(email);
        if (k !== -1 && firstByEmail.get(k) === -1) firstByEmail.set(k, p);
      }
      if (username === -1) {
        if (firstWithoutUsername === -1) firstWithoutUsername = p;
      } else {
        const u = values.values[username] as Value;
        const table = typeof u === 'string' ? firstByTextUsername : firstByNumberUsername;
        const textId = typeof u === 'string' ? username : values.id(String(u));
        if (table.get(textId) === -1) table.set(textId, p);
      }
      return p;
    };
    for (let p = 0; p < this.pfUserCount; p++) addPf(this.importedUsername.get(p), this.importedEmail.get(p), -1);
    const landing = IntColumn.filled(n, -1);
    const rule = ByteColumn.filled(n, 0);
    const bySource = a.newUserUsername === 'userId' ? this.colUser : this.colAnon;
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : (order[k] as number);
      const email = this.colEmail.get(i);
      let p = -1;
      let r = NEW_USER;
      if (email !== -1) {
        const key = emailKey(email);
        if (key !== -1) p = firstByEmail.get(key);
        if (p !== -1) r = EMAIL;
      }
      if (p === -1) {
        const userValue = this.colUser.get(i);
        const userId = userValue === -1 ? null : presentUserId(values.values[userValue]);
        if (userId !== null) {
          const textId = typeof userId === 'string' ? userValue : values.find(String(userId));
          if (textId !== -1) {
            const asText = firstByTextUsername.get(textId);
            const asNumber = firstByNumberUsername.get(textId);
            if (a.numberIdsMatchText) p = asText === -1 ? asNumber : asNumber === -1 ? asText : Math.min(asText, asNumber);
            else p = typeof userId === 'string' ? asText : asNumber;
          }
        } else if (!a.nullUserIdSkipsUsernameRule) p = firstWithoutUsername;
        if (p !== -1) r = USERNAME;
      }
      if (p === -1) {
        const source = bySource.get(i);
        const username = source !== -1 && presentUserId(values.values[source]) !== null ? source : -1;
        const ownEmail = email !== -1 && values.values[email] !== '' ? email : -1;
        p = addPf(username, ownEmail, i);
      }
      landing.set(i, p);
      rule.set(i, r);
    }
    return { order, pf, landing, rule };
  }

  private pfUserOf(pf: PfUsers, p: number): AuditPfUser {
    const email = this.value(pf.email.get(p));
    return { username: this.text(pf.username.get(p)), email: email === null ? null : String(email), origin: pf.createdBy.get(p) === -1 ? 'import' : 'created' };
  }

  /**
   * Classifies every Segment user; `visit` sees each with the event that shows it. The per-user
   * and per-PF-user facts are records in one typed array each (SEG_* and PF_* fields): an event
   * then touches one or two cache lines per side instead of a table per fact, which is what
   * bound this pass at ten million events.
   */
  private classify(visit: Visit): { fold: Fold; reached: Uint8Array } {
    const fold = this.fold();
    this.lastFold = fold;
    const { order, pf, landing } = fold;
    const values = this.values;
    const colSeg = this.colSeg;
    const n = this.events;
    const users = this.segKeys.length;
    const pfCount = pf.username.length;
    const pfRec = new Int32Array(pfCount * PF_FIELDS);
    for (let p = 0; p < pfCount; p++) {
      const at = p * PF_FIELDS;
      pfRec[at + PF_CREATED_BY] = pf.createdBy.get(p);
      pfRec[at + PF_FIRST_SEG] = -1;
      // The Segment user whose key is the PF user's username text (-1: none), so "lands on the PF
      // user named after me" is one comparison per event.
      let owner = -1;
      const u = pf.username.get(p);
      if (u !== -1) {
        const v = values.values[u] as Value;
        const textId = typeof v === 'string' ? u : values.find(String(v));
        if (textId !== -1) owner = this.segOfKey.get(textId);
      }
      pfRec[at + PF_OWNER] = owner;
    }
    // One person per email, lowercased and trimmed; its first PF user, or SPLIT once on two.
    const SPLIT = -3;
    const personOfEmail = new IntTable(-2); // email value id -> person id, -1 for a blank email
    const personPf = new IntTable(-1);
    const personOf = (emailValue: number): number => {
      if (emailValue === -1) return -1;
      let person = personOfEmail.get(emailValue);
      if (person === -2) {
        const email = values.values[emailValue] as string;
        person = email.trim() === '' ? -1 : values.id(normaliseEmail(email));
        personOfEmail.set(emailValue, person);
      }
      return person;
    };
    const seg = new Int32Array(users * SEG_FIELDS).fill(-1);
    for (let s = 0; s < users; s++) {
      seg[s * SEG_FIELDS + SEG_EVENTS] = 0;
      seg[s * SEG_FIELDS + SEG_PF_REACHED] = 0;
    }
    const reachedBy = new Map<number, Set<number>>(); // users reaching more than one PF user
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : (order[k] as number);
      const s = colSeg.get(i);
      const p = landing.get(i);
      const at = s * SEG_FIELDS;
      const pat = p * PF_FIELDS;
      seg[at + SEG_EVENTS] = (seg[at + SEG_EVENTS] as number) + 1;
      pfRec[pat + PF_EVENTS] = (pfRec[pat + PF_EVENTS] as number) + 1;
      const first = seg[at + SEG_FIRST_PF] as number;
      if (first === -1) {
        seg[at + SEG_FIRST_EVENT] = i;
        seg[at + SEG_FIRST_PF] = p;
        seg[at + SEG_PF_REACHED] = 1;
      } else if (first !== p) {
        let set = reachedBy.get(s);
        if (!set) reachedBy.set(s, (set = new Set([first])));
        if (!set.has(p)) {
          set.add(p);
          seg[at + SEG_PF_REACHED] = set.size;
          if (seg[at + SEG_SECOND_PF_EVENT] === -1) seg[at + SEG_SECOND_PF_EVENT] = i;
        }
      }
      seg[at + SEG_LAST_PF] = p;
      const createdBy = pfRec[pat + PF_CREATED_BY] as number;
      if (createdBy === i && seg[at + SEG_CREATED_EVENT] === -1) seg[at + SEG_CREATED_EVENT] = i;
      if (seg[at + SEG_WRONG_EVENT] === -1 && pfRec[pat + PF_OWNER] !== s && !(createdBy !== -1 && colSeg.get(createdBy) === s)) {
        seg[at + SEG_WRONG_EVENT] = i;
      }
      const firstSeg = pfRec[pat + PF_FIRST_SEG] as number;
      if (firstSeg === -1) pfRec[pat + PF_FIRST_SEG] = s;
      else if (firstSeg !== s) pfRec[pat + PF_FIRST_SEG] = MERGED;
      const person = personOf(this.colEmail.get(i));
      if (person !== -1) {
        const seen = personPf.get(person);
        if (seen === -1) personPf.set(person, p);
        else if (seen !== p) personPf.set(person, SPLIT);
      }
    }
    // Second pass: split and merged depend on everyone's events, known only now.
    for (let k = 0; k < n; k++) {
      const i = order === null ? k : (order[k] as number);
      const at = colSeg.get(i) * SEG_FIELDS;
      if (seg[at + SEG_SPLIT_EVENT] === -1) {
        const person = personOf(this.colEmail.get(i));
        if (person !== -1 && personPf.get(person) === SPLIT) seg[at + SEG_SPLIT_EVENT] = i;
      }
      if (seg[at + SEG_MERGED_EVENT] === -1 && pfRec[landing.get(i) * PF_FIELDS + PF_FIRST_SEG] === MERGED) seg[at + SEG_MERGED_EVENT] = i;
    }
    for (let s = 0; s < users; s++) {
      const at = s * SEG_FIELDS;
      const fact = (field: number) => seg[at + field] as number;
      const split = fact(SEG_SECOND_PF_EVENT) !== -1 ? fact(SEG_SECOND_PF_EVENT) : fact(SEG_SPLIT_EVENT);
      let c: Classification;
      let keyEvent: number;
      if (split !== -1) [c, keyEvent] = ['split', split];
      else if (fact(SEG_WRONG_EVENT) !== -1) [c, keyEvent] = ['wrongUser', fact(SEG_WRONG_EVENT)];
      else if (fact(SEG_MERGED_EVENT) !== -1) [c, keyEvent] = ['merged', fact(SEG_MERGED_EVENT)];
      else if (fact(SEG_CREATED_EVENT) !== -1) [c, keyEvent] = ['newUser', fact(SEG_CREATED_EVENT)];
      else [c, keyEvent] = ['samePerson', fact(SEG_FIRST_EVENT)];
      visit(s, c, keyEvent, fact(SEG_LAST_PF), {
        events: fact(SEG_EVENTS),
        pfReached: fact(SEG_PF_REACHED),
        laterOnCreated: c === 'newUser' ? (pfRec[landing.get(keyEvent) * PF_FIELDS + PF_EVENTS] as number) - 1 : undefined,
      });
    }
    const reached = new Uint8Array(pfCount);
    for (let p = 0; p < pfCount; p++) reached[p] = (pfRec[p * PF_FIELDS + PF_EVENTS] as number) > 0 ? 1 : 0;
    return { fold, reached };
  }

  /** One row per Segment user, as the SQL returns them (for comparison and full exports). */
  rows(): AuditRow[] {
    const out: AuditRow[] = [];
    this.classify((seg, c, _keyEvent, lastPf) => {
      const pf = (this.lastFold as Fold).pf;
      out.push({ segmentUser: this.segmentKey(seg), classification: c, pfUsername: this.text(pf.username.get(lastPf)) });
    });
    return out;
  }

  finish(inputs: AuditInputs, options: AuditOptions = {}): AuditResult {
    if (this.events === 0) {
      const [first] = inputs.eventSkipped;
      const why = first ? ` (${inputs.eventSkippedCount} row(s) skipped; first: line ${first.line}, ${first.reason})` : '';
      throw new NoIdentityDataError(
        `No identity data in ${inputs.eventsFile}: ${inputs.eventRows} row(s) read, none is an event PF's webhook would judge with a userId or anonymousId${why}.`,
      );
    }
    if (this.pfUserCount === 0) {
      const [first] = [...inputs.usersSkipped, ...this.userSkipped];
      const why = first ? ` (first skipped: line ${first.line}, ${first.reason})` : '';
      throw new NoIdentityDataError(
        `No PF users in ${inputs.usersFile}: ${inputs.userRows} row(s) read, none with a username or email${why}; every Segment user would be a new PF user.`,
      );
    }
    const limit = options.examples ?? 100;
    const listed = options.skippedListed ?? 20;
    const examples = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, [] as AuditExample[]])) as Record<Classification, AuditExample[]>;
    const counts = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
    const { fold, reached } = this.classify((seg, c, keyEvent, lastPf, f) => {
      counts[c] += 1;
      if (examples[c].length >= limit) return;
      const pf = (this.lastFold as Fold).pf;
      const example: AuditExample = {
        segmentUser: this.segmentKey(seg),
        classification: c,
        reason: '',
        pfUser: this.pfUserOf(pf, lastPf),
        events: f.events,
        pfUsersReached: f.pfReached,
        event: this.auditedEvent(keyEvent),
      };
      if (f.laterOnCreated !== undefined) example.laterEventsOnCreatedUser = f.laterOnCreated;
      example.reason = reasonFor(example);
      examples[c].push(example);
    });
    const unreached: AuditPfUser[] = [];
    let unreachedCount = 0;
    for (let p = 0; p < this.pfUserCount; p++) {
      if (reached[p]) continue;
      unreachedCount += 1;
      if (unreached.length < limit) unreached.push(this.pfUserOf(fold.pf, p));
    }
    const usersSkipped = [...inputs.usersSkipped, ...this.userSkipped].sort((a, b) => a.line - b.line);
    const eventsFile: AuditInputFile = {
      name: inputs.eventsFile,
      format: inputs.eventsFormat,
      rows: inputs.eventRows,
      skippedRows: inputs.eventSkippedCount,
      firstSkipped: inputs.eventSkipped.slice(0, listed),
    };
    const usersFile: AuditInputFile = {
      name: inputs.usersFile,
      format: inputs.usersFormat,
      rows: inputs.userRows,
      skippedRows: usersSkipped.length,
      firstSkipped: usersSkipped.slice(0, listed),
    };
    return {
      format: AUDIT_FORMAT,
      version: AUDIT_VERSION,
      generatedAt: new Date().toISOString(),
      assumptions: { ...this.assumptions, eventTypesRead: [...this.assumptions.eventTypesRead] },
      assumptionSentences: Object.values(assumptionSentences(this.assumptions)),
      order: this.untimed ? 'file' : 'time',
      input: { events: eventsFile, users: usersFile },
      summary: {
        samePerson: counts.samePerson,
        newUser: counts.newUser,
        wrongUser: counts.wrongUser,
        merged: counts.merged,
        split: counts.split,
        unreachedPfUsers: unreachedCount,
        events: this.events,
        segmentUsers: this.segKeys.length,
        pfUsers: this.pfUserCount,
        skippedRows: eventsFile.skippedRows + usersFile.skippedRows,
      },
      examples,
      unreachedPfUsers: unreached,
    };
  }

  private auditedEvent(i: number): AuditedEvent {
    const fold = this.lastFold as Fold;
    const time = this.colTime.get(i);
    const email = this.value(this.colEmail.get(i));
    return {
      line: this.colLine.get(i),
      type: this.types.values[this.colType.get(i)] as string,
      userId: this.value(this.colUser.get(i)),
      anonymousId: this.value(this.colAnon.get(i)),
      email: typeof email === 'string' ? email : null,
      time: Number.isNaN(time) ? null : new Date(time).toISOString(),
      rule: RULES[fold.rule.get(i)] as MatchRule,
      pfUser: this.pfUserOf(fold.pf, fold.landing.get(i)),
    };
  }
}

function who(u: AuditPfUser): string {
  return u.username !== null ? `PF user ${JSON.stringify(u.username)}` : `PF user without username (email ${JSON.stringify(u.email)})`;
}

function reasonFor(x: AuditExample): string {
  const e = x.event;
  switch (x.classification) {
    case 'split':
      return x.pfUsersReached > 1
        ? `This Segment user's events land on ${x.pfUsersReached} PF users (line ${e.line} lands on ${who(e.pfUser)} by the ${e.rule} rule).`
        : `The email ${JSON.stringify(e.email)} (line ${e.line}) is one person on two or more PF users (here ${who(e.pfUser)}).`;
    case 'wrongUser':
      return `Line ${e.line} lands by the ${e.rule} rule on ${who(e.pfUser)}, not on username ${JSON.stringify(x.segmentUser)}.`;
    case 'merged':
      return `${who(e.pfUser)} also receives another Segment user's events (line ${e.line}).`;
    case 'newUser':
      return `Line ${e.line} creates ${who(e.pfUser)}; ${x.laterEventsOnCreatedUser ?? 0} later event(s) land on it.`;
    case 'samePerson':
      return `Every event lands on ${who(x.pfUser)}.`;
  }
}
