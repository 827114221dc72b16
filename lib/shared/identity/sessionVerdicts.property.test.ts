/**
 * The session replay against a straightforward reading of it: every event judged afresh (no
 * verdict cache, no shared verdict objects), verdicts in a Map by event id, findings filtered by
 * what was reported before, and the light worked out by scanning all verdicts at the end. Random
 * sessions mix every call type, ids that are missing, numeric or repeated, pasted events without
 * a built payload, PF user changes and imported users, under random assumptions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, JudgedEvent, PfUser, PfUserChange, Verdict } from './schema';
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from './assumptions';
import type { ImportedPfUser } from './importUsers';
import { matchIdentity } from './matchIdentity';
import { buildPfUserIndex, knownPfUser } from './pfUserIndex';
import { newPfUserFrom, presentUserId, sameUser } from './resolveIdentity';
import { identifyBeforePfUser, resetFinding, unidentifiedTracksFinding, userIdChangedFinding } from './sessionFindings';
import { subjectLabel, type SessionStatus } from './sessionStatus';
import { verdictsForSession } from './sessionVerdicts';
import { eventIdentity } from './webhookIdentity';

interface Reference {
  perEvent: Map<string, Verdict>;
  findings: Finding[];
  judged: { seq: number; type: string; verdict: Verdict }[];
}

function referenceReplay(events: readonly JudgedEvent[], timeline: readonly PfUserChange[], imported: ImportedPfUser[], a: IdentityAssumptions): Reference {
  const sorted = [...events].sort((x, y) => x.seq - y.seq);
  const changes = [...timeline].sort((x, y) => x.afterSeq - y.afterSeq || x.at.localeCompare(y.at));
  const index = buildPfUserIndex(imported, changes);
  const perEvent = new Map<string, Verdict>();
  const judged: Reference['judged'] = [];
  const sessionFindings: Finding[] = [];
  const reported = new Set<string>();
  let applied = 0;
  let page: PfUser | null = null;
  let everSet = false;
  let changedSinceReset = false;
  let stored: string | number | null = null;
  let pendingReset: { event: JudgedEvent; pfUser: PfUser } | null = null;
  let unidentified = 0;
  let firstTrack: JudgedEvent | null = null;
  const closeReset = () => {
    if (pendingReset && !changedSinceReset) sessionFindings.push(resetFinding(pendingReset.event, pendingReset.pfUser));
    pendingReset = null;
  };
  for (const event of sorted) {
    while (applied < changes.length && changes[applied]!.afterSeq < event.seq) {
      const next = changes[applied++]!.user;
      if (!(page && next && sameUser(knownPfUser(page, 'page'), knownPfUser(next, 'page')))) changedSinceReset = true;
      page = next;
      if (next) everSet = true;
    }
    if (event.source !== 'segment') continue;
    if (event.type === 'reset') {
      closeReset();
      stored = null;
      if (page) pendingReset = { event, pfUser: page };
      changedSinceReset = false;
      continue;
    }
    const identity = eventIdentity(event, stored);
    const userId = presentUserId(identity.userId);
    let changedFrom: string | number | null = null;
    if (identity.type === 'identify') {
      closeReset();
      if (userId !== null && stored !== null && String(userId) !== String(stored)) changedFrom = stored;
    } else if (identity.type === 'track' && userId === null && stored === null) {
      unidentified += 1;
      firstTrack ??= event;
    }
    if (userId !== null) stored = userId;
    const carries = identity.type === 'identify' || userId !== null || (typeof identity.email === 'string' && identity.email !== '');
    if (!a.eventTypesRead.includes(identity.type) || !carries) continue;
    const upcoming = identity.type === 'identify' && !everSet ? (changes.slice(applied).find((c) => c.user)?.user ?? null) : null;
    const before = upcoming ? identifyBeforePfUser(identity, index, upcoming, a) : null;
    const verdict = matchIdentity({ ...identity }, index, page, a);
    if (verdict.rule === 'new-user') index.add({ ...newPfUserFrom(identity, a), createdBy: { id: event.id, seq: event.seq } });
    const key = (f: Finding) => `${f.code}\n${f.message}`;
    const own = identity.type === 'identify' ? verdict.findings : verdict.findings.filter((f) => !reported.has(key(f)));
    for (const f of verdict.findings) reported.add(key(f));
    const attached: Finding[] = [];
    if (changedFrom !== null) attached.push(userIdChangedFinding(changedFrom, userId!));
    if (before) attached.push(before);
    sessionFindings.push(...attached);
    const final = { ...verdict, findings: [...attached, ...own] };
    perEvent.set(event.id, final);
    judged.push({ seq: event.seq, type: identity.type, verdict: final });
  }
  const findings = [...sessionFindings];
  if (pendingReset && !changedSinceReset) findings.push(resetFinding(pendingReset.event, pendingReset.pfUser));
  if (firstTrack) findings.push(unidentifiedTracksFinding(unidentified, firstTrack));
  return { perEvent, findings, judged };
}

const count = (n: number, what: string) => (n === 1 ? `1 ${what}` : `${n} ${what}s`);

/**
 * The light by a scan: the subject is the last judged identify (else the last judged event);
 * errors from it on make it red, warnings (its own, later events', or session findings on no
 * event) amber, errors before it amber. Returns the light and a text its reason must contain.
 */
function referenceLight(r: Reference): { light: SessionStatus['light']; says: string } {
  const onEvents = new Set(r.judged.flatMap((j) => j.verdict.findings));
  const offEvents = r.findings.filter((f) => !onEvents.has(f));
  const offErrors = offEvents.filter((f) => f.severity === 'error');
  const offWarnings = offEvents.filter((f) => f.severity === 'warning');
  const lastIdentify = r.judged.map((j) => j.type).lastIndexOf('identify');
  const from = lastIdentify >= 0 ? lastIdentify : r.judged.length - 1;
  if (from < 0) {
    if (offErrors.length) return { light: 'red', says: offErrors[0]!.message };
    if (offWarnings.length) return { light: 'amber', says: `${count(offWarnings.length, 'warning')}: ${offWarnings[0]!.message}` };
    return { light: 'grey', says: 'Nothing to judge' };
  }
  const label = subjectLabel(r.judged[from]!);
  const own = r.judged[from]!.verdict.findings;
  const after = r.judged.slice(from).flatMap((j) => j.verdict.findings);
  const earlier = r.judged.slice(0, from).flatMap((j) => j.verdict.findings);
  const error = after.find((f) => f.severity === 'error');
  if (error) return { light: 'red', says: `${label}${own.includes(error) ? '' : ', then a later event'}: ${error.message}` };
  if (offErrors.length) return { light: 'red', says: offErrors[0]!.message };
  const warnings = [...after.filter((f) => f.severity === 'warning'), ...offWarnings];
  if (warnings.length) return { light: 'amber', says: `${count(warnings.length, 'warning')}: ${warnings[0]!.message}` };
  const earlierErrors = earlier.filter((f) => f.severity === 'error');
  if (earlierErrors.length) return { light: 'amber', says: `Earlier events had ${count(earlierErrors.length, 'error')} (first: ${earlierErrors[0]!.message})` };
  return { light: 'green', says: `${label}: ` };
}

const userIds: unknown[] = ['u1', 'u2', '42', 42, '', null, undefined, 'ann@x.com'];
const emails: unknown[] = ['ann@x.com', 'Ann@x.com', ' ann@x.com', 'bob@x.com', '', undefined, 7];
const pick = <T,>(values: readonly T[]) => fc.integer({ min: 0, max: values.length - 1 }).map((i) => values[i]!);

const eventSpec = fc.record({
  type: fc.constantFrom('identify', 'identify', 'track', 'track', 'page', 'reset', 'group', 'alias'),
  source: fc.constantFrom('segment', 'segment', 'segment', 'segment', 'pf'),
  userId: pick(userIds),
  email: pick(emails),
  anonymousId: pick(['anon-1', 'anon-2', undefined]),
  propertiesEmail: pick([undefined, 'ann@x.com']),
  /** pasted events may have only their call arguments */
  built: fc.boolean(),
  /** ids in a pasted file need not be unique */
  repeatId: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  seqStep: fc.constantFrom(1, 1, 1, 2),
});

type EventSpec = typeof eventSpec extends fc.Arbitrary<infer T> ? T : never;

function toEvents(specs: EventSpec[], shuffle: number): JudgedEvent[] {
  let seq = 0;
  const events = specs.map((s, i): JudgedEvent => {
    seq += s.seqStep;
    const id = s.repeatId && i > 0 ? `e-${i}` : `e-${i + 1}`;
    const traits = s.email === undefined ? {} : { email: s.email };
    const built =
      s.type === 'identify'
        ? { type: s.type, userId: s.userId, anonymousId: s.anonymousId, traits }
        : { type: s.type, userId: s.userId, anonymousId: s.anonymousId, context: { traits }, properties: s.propertiesEmail === undefined ? {} : { email: s.propertiesEmail } };
    const args = s.type === 'identify' ? [s.userId, traits] : s.type === 'track' ? ['Clicked', {}, { traits }] : [];
    return { id, seq, source: s.source, type: s.type, name: s.type === 'track' ? 'Clicked' : null, args, built: s.built ? built : null };
  });
  // Files may list events out of order; the replay sorts them by seq.
  if (shuffle > 0 && events.length > 1) events.push(events.splice(shuffle % events.length, 1)[0]!);
  return events;
}

const pfUsers: (PfUser | null)[] = [{ username: 'u1', email: 'ann@x.com' }, { username: 42, email: null }, { username: 'u2', email: 'Ann@x.com' }, { username: 'bob@x.com' }, null];
const timelineSpec = fc.array(fc.record({ user: pick(pfUsers), afterSeq: fc.integer({ min: 0, max: 40 }) }), { maxLength: 4 });
const importedSpec = fc.array(
  fc.record({ username: pick(['u1', 'u2', '42', 'u3', null]), email: pick(['ann@x.com', 'ANN@x.com', 'bob@x.com ', null]) }),
  { maxLength: 5 },
);
const assumptionsSpec = fc.record({
  emailCaseInsensitive: fc.boolean(),
  emailTrimmed: fc.boolean(),
  nullUserIdSkipsUsernameRule: fc.boolean(),
  numberIdsMatchText: fc.boolean(),
  newUserUsername: fc.constantFrom('userId' as const, 'anonymousId' as const),
  eventTypesRead: fc.constantFrom(DEFAULT_ASSUMPTIONS.eventTypesRead, ['identify'], ['identify', 'track']),
});

describe('verdictsForSession against a straightforward replay', () => {
  it('gives every event the same verdict, the same findings and the same light', () => {
    fc.assert(
      fc.property(fc.array(eventSpec, { maxLength: 40 }), fc.nat(), timelineSpec, importedSpec, assumptionsSpec, (specs, shuffle, tl, imp, a) => {
        const events = toEvents(specs, shuffle);
        const timeline: PfUserChange[] = tl.map((t, i) => ({ at: `t${i}`, via: 'init', user: t.user, afterSeq: t.afterSeq }));
        const imported: ImportedPfUser[] = imp.map((u, i) => ({ ...u, line: i + 2 }));
        const expected = referenceReplay(events, timeline, imported, a);
        const actual = verdictsForSession(events, timeline, imported, a);
        expect([...actual.perEvent]).toEqual([...expected.perEvent]);
        expect(actual.perEvent.size).toBe(expected.perEvent.size);
        for (const event of events) expect(actual.perEvent.get(event.id)).toEqual(expected.perEvent.get(event.id));
        expect(actual.findings).toEqual(expected.findings);
        const light = referenceLight(expected);
        expect(actual.status.light).toBe(light.light);
        expect(actual.status.reason).toContain(light.says);
      }),
      { numRuns: 400 },
    );
  });
});
