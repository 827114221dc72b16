/**
 * Folds a whole user base through PF's webhook rule (resolveIdentity, the engine the panel uses):
 * events in time order, each landing by email, else username, else creating a PF user that later
 * events can land on. Events are kept as typed-array columns of interned values, so ten million
 * of them fit in well under a gigabyte, then sorted once and folded.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import { assumptionSentences } from '../identity/assumptions';
import type { ImportedPfUser } from '../identity/importUsers';
import { knownPfUser, normaliseEmail, PfUserIndex, type KnownPfUser } from '../identity/pfUserIndex';
import { newPfUserFrom, presentUserId, resolveIdentity, type MatchRule } from '../identity/resolveIdentity';
import { segmentUserOf, type AuditEvent, type SkippedRow } from './auditEvent';
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
import { FloatColumn, IntColumn, Interner } from './columns';

const RULES: readonly MatchRule[] = ['email', 'username', 'new-user'];

export interface AuditRow {
  segmentUser: string;
  classification: Classification;
  pfUsername: string | null;
}

export class NoIdentityDataError extends Error {}

/** PF's webhook judges an event only if it names someone (sessionVerdicts does the same). */
function carriesIdentity(e: AuditEvent): boolean {
  if (e.type === 'identify') return true;
  return presentUserId(e.userId) !== null || (typeof e.email === 'string' && e.email !== '');
}

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

interface PfRecord {
  user: KnownPfUser;
  origin: 'import' | 'created';
  /** event index that created it, -1 for imported */
  createdBy: number;
}

export class Auditor {
  private readonly values = new Interner<unknown>();
  private readonly types = new Interner<string>();
  private readonly segments = new Interner<string>();
  private readonly colLine = new IntColumn();
  private readonly colType = new IntColumn();
  private readonly colUser = new IntColumn();
  private readonly colAnon = new IntColumn();
  private readonly colEmail = new IntColumn();
  private readonly colSeg = new IntColumn();
  private readonly colTime = new FloatColumn();
  private untimed = false;
  private readonly users: ImportedPfUser[];
  private readonly userSkipped: SkippedRow[];

  constructor(
    importedUsers: readonly ImportedPfUser[],
    private readonly assumptions: IdentityAssumptions,
  ) {
    const { kept, skipped } = canonicalUsers(importedUsers);
    this.users = kept;
    this.userSkipped = skipped;
  }

  get events(): number {
    return this.colLine.length;
  }

  private valueId(v: unknown): number {
    return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? this.values.id(v) : -1;
  }

  /** Takes one event; returns false when PF's webhook would not judge it (type not read, no identity). */
  add(e: AuditEvent): boolean {
    if (!this.assumptions.eventTypesRead.includes(e.type) || !carriesIdentity(e)) return false;
    const segment = segmentUserOf(e);
    if (segment === null) return false;
    this.colLine.push(e.line);
    this.colType.push(this.types.id(e.type));
    this.colUser.push(this.valueId(e.userId));
    this.colAnon.push(this.valueId(e.anonymousId));
    this.colEmail.push(typeof e.email === 'string' ? this.values.id(e.email) : -1);
    this.colSeg.push(this.segments.id(segment));
    this.colTime.push(e.time);
    if (Number.isNaN(e.time)) this.untimed = true;
    return true;
  }

  private value(id: number): string | number | null {
    return id === -1 ? null : (this.values.values[id] as string | number);
  }

  private text(id: number): string | null {
    return id === -1 ? null : String(this.values.values[id]);
  }

  /** Time, then userId, anonymousId, email (as the SQL orders ties), then file position. */
  private order(): Uint32Array {
    const n = this.events;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (this.untimed) return order;
    const cmp = (a: number, b: number) =>
      this.colTime.get(a) - this.colTime.get(b) ||
      compareText(this.text(this.colUser.get(a)), this.text(this.colUser.get(b))) ||
      compareText(this.text(this.colAnon.get(a)), this.text(this.colAnon.get(b))) ||
      compareText(this.text(this.colEmail.get(a)), this.text(this.colEmail.get(b))) ||
      a - b;
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) if (cmp(i - 1, i) > 0) sorted = false;
    return sorted ? order : order.sort(cmp);
  }

  private identity(i: number) {
    return {
      type: this.types.values[this.colType.get(i)] as string,
      userId: this.value(this.colUser.get(i)),
      anonymousId: this.value(this.colAnon.get(i)),
      email: this.value(this.colEmail.get(i)),
    };
  }

  private fold() {
    const n = this.events;
    const order = this.order();
    const index = new PfUserIndex();
    const pf: PfRecord[] = [];
    const ordinal = new Map<KnownPfUser, number>();
    for (const u of this.users) {
      const user = knownPfUser(u, 'import');
      ordinal.set(user, pf.length);
      pf.push({ user, origin: 'import', createdBy: -1 });
      index.add(user);
    }
    const landing = IntColumn.filled(n, -1);
    const rule = IntColumn.filled(n, 0);
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const identity = this.identity(i);
      const r = resolveIdentity(identity, index, null, this.assumptions);
      rule.set(i, RULES.indexOf(r.rule));
      if (r.rule === 'new-user') {
        const user = newPfUserFrom(identity, this.assumptions);
        index.add(user);
        ordinal.set(user, pf.length);
        landing.set(i, pf.length);
        pf.push({ user, origin: 'created', createdBy: i });
      } else {
        landing.set(i, ordinal.get(r.user as KnownPfUser) as number);
      }
    }
    return { order, pf, landing, rule };
  }

  private pfUserOf(record: PfRecord): AuditPfUser {
    const { username, email } = record.user;
    return { username: username === null ? null : String(username), email, origin: record.origin };
  }

  /** Classifies every Segment user; `visit` sees each with the event that shows it. */
  private classify(visit: (seg: number, c: Classification, keyEvent: number, lastPf: number, facts: UserFacts, pf: readonly PfRecord[]) => void) {
    const { order, pf, landing, rule } = this.fold();
    this.lastFold = { landing, rule };
    const n = this.events;
    const users = this.segments.values.length;
    const pfCount = pf.length;
    const pfFirstSeg = IntColumn.filled(pfCount, -1);
    const pfMerged = new Uint8Array(pfCount);
    const pfEvents = IntColumn.filled(pfCount, 0);
    const persons = new Map<string, number>(); // email person -> first PF user, or -2 once split
    const facts = {
      events: IntColumn.filled(users, 0),
      firstPf: IntColumn.filled(users, -1),
      lastPf: IntColumn.filled(users, -1),
      firstEvent: IntColumn.filled(users, -1),
      pfReached: IntColumn.filled(users, 0),
      secondPfEvent: IntColumn.filled(users, -1),
      createdEvent: IntColumn.filled(users, -1),
      wrongEvent: IntColumn.filled(users, -1),
      splitEvent: IntColumn.filled(users, -1),
      mergedEvent: IntColumn.filled(users, -1),
    };
    const reachedBy = new Map<number, Set<number>>(); // users reaching more than one PF user
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const seg = this.colSeg.get(i);
      const p = landing.get(i);
      const record = pf[p] as PfRecord;
      facts.events.set(seg, facts.events.get(seg) + 1);
      pfEvents.set(p, pfEvents.get(p) + 1);
      if (facts.firstEvent.get(seg) === -1) facts.firstEvent.set(seg, i);
      const firstPf = facts.firstPf.get(seg);
      if (firstPf === -1) {
        facts.firstPf.set(seg, p);
        facts.pfReached.set(seg, 1);
      } else if (firstPf !== p) {
        let set = reachedBy.get(seg);
        if (!set) reachedBy.set(seg, (set = new Set([firstPf])));
        if (!set.has(p)) {
          set.add(p);
          facts.pfReached.set(seg, set.size);
          if (facts.secondPfEvent.get(seg) === -1) facts.secondPfEvent.set(seg, i);
        }
      }
      facts.lastPf.set(seg, p);
      if (record.createdBy === i && facts.createdEvent.get(seg) === -1) facts.createdEvent.set(seg, i);
      const ownCreation = record.origin === 'created' && this.colSeg.get(record.createdBy) === seg;
      const username = record.user.username;
      if (!ownCreation && (username === null || String(username) !== this.segments.values[seg]) && facts.wrongEvent.get(seg) === -1) {
        facts.wrongEvent.set(seg, i);
      }
      const first = pfFirstSeg.get(p);
      if (first === -1) pfFirstSeg.set(p, seg);
      else if (first !== seg) pfMerged[p] = 1;
      const email = this.text(this.colEmail.get(i));
      if (email !== null && email.trim() !== '') {
        const person = normaliseEmail(email);
        const seen = persons.get(person);
        if (seen === undefined) persons.set(person, p);
        else if (seen !== p) persons.set(person, -2);
      }
    }
    // Second pass: split and merged depend on everyone's events, known only now.
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const seg = this.colSeg.get(i);
      const email = this.text(this.colEmail.get(i));
      if (facts.splitEvent.get(seg) === -1 && email !== null && email.trim() !== '' && persons.get(normaliseEmail(email)) === -2) {
        facts.splitEvent.set(seg, i);
      }
      if (facts.mergedEvent.get(seg) === -1 && pfMerged[landing.get(i)] === 1) facts.mergedEvent.set(seg, i);
    }
    for (let seg = 0; seg < users; seg++) {
      const split = facts.secondPfEvent.get(seg) !== -1 ? facts.secondPfEvent.get(seg) : facts.splitEvent.get(seg);
      const candidates: [Classification, number][] = [
        ['split', split],
        ['wrongUser', facts.wrongEvent.get(seg)],
        ['merged', facts.mergedEvent.get(seg)],
        ['newUser', facts.createdEvent.get(seg)],
        ['samePerson', facts.firstEvent.get(seg)],
      ];
      const [c, keyEvent] = candidates.find(([, at]) => at !== -1) as [Classification, number];
      visit(seg, c, keyEvent, facts.lastPf.get(seg), {
        events: facts.events.get(seg),
        pfReached: facts.pfReached.get(seg),
        laterOnCreated: c === 'newUser' ? pfEvents.get(landing.get(keyEvent)) - 1 : undefined,
      }, pf);
    }
    const reached = new Uint8Array(pfCount);
    for (let p = 0; p < pfCount; p++) reached[p] = pfEvents.get(p) > 0 ? 1 : 0;
    return { pf, reached };
  }

  /** One row per Segment user, as the SQL returns them (for comparison and full exports). */
  rows(): AuditRow[] {
    const out: AuditRow[] = [];
    this.classify((seg, c, _keyEvent, lastPf, _facts, pf) => {
      const username = (pf[lastPf] as PfRecord).user.username;
      out.push({ segmentUser: this.segments.values[seg] as string, classification: c, pfUsername: username === null ? null : String(username) });
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
    const limit = options.examples ?? 100;
    const listed = options.skippedListed ?? 20;
    const examples = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, [] as AuditExample[]])) as Record<Classification, AuditExample[]>;
    const counts = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
    const { pf, reached } = this.classify((seg, c, keyEvent, lastPf, f, pfs) => {
      counts[c] += 1;
      if (examples[c].length >= limit) return;
      const example: AuditExample = {
        segmentUser: this.segments.values[seg] as string,
        classification: c,
        reason: '',
        pfUser: this.pfUserOf(pfs[lastPf] as PfRecord),
        events: f.events,
        pfUsersReached: f.pfReached,
        event: this.auditedEvent(keyEvent, pfs),
      };
      if (f.laterOnCreated !== undefined) example.laterEventsOnCreatedUser = f.laterOnCreated;
      example.reason = reasonFor(example);
      examples[c].push(example);
    });
    const unreached: AuditPfUser[] = [];
    let unreachedCount = 0;
    pf.forEach((record, p) => {
      if (record.origin !== 'import' || reached[p]) return;
      unreachedCount += 1;
      if (unreached.length < limit) unreached.push(this.pfUserOf(record));
    });
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
        segmentUsers: this.segments.values.length,
        pfUsers: this.users.length,
        skippedRows: eventsFile.skippedRows + usersFile.skippedRows,
      },
      examples,
      unreachedPfUsers: unreached,
    };
  }

  private lastFold: { landing: IntColumn; rule: IntColumn } | null = null;

  private auditedEvent(i: number, pfs: readonly PfRecord[]): AuditedEvent {
    const fold = this.lastFold as { landing: IntColumn; rule: IntColumn };
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
      pfUser: this.pfUserOf(pfs[fold.landing.get(i)] as PfRecord),
    };
  }
}

interface UserFacts {
  events: number;
  pfReached: number;
  laterOnCreated: number | undefined;
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
