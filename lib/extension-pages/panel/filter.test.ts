import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EMPTY_FILTER,
  countsBy,
  deserializeFilter,
  filterEvents,
  highlightRanges,
  parseSearch,
  serializeFilter,
  type EventFilter,
} from './filter';
import { makeEvent, makeEvents, makeIdentify, makePfEvent, makeVerdict } from '../../../tests/support/sessionFactory';

const events = [
  makeIdentify(1, 'user-42'),
  makeEvent(2, { name: 'Signed Up', delivery: { status: 'failed', httpStatus: 500, url: null } }),
  makePfEvent(3, 'tour-finished'),
  makeEvent(4, {
    name: 'Plan Changed',
    delivery: { status: 'blocked', httpStatus: null, url: null },
    verdict: makeVerdict({ findings: [{ code: 'x', severity: 'warning', message: 'm' }] }),
  }),
];
const ids = (list: { id: string }[]) => list.map((e) => e.id);
const filter = (patch: Partial<EventFilter>) => ({ ...EMPTY_FILTER, ...patch });

describe('filterEvents', () => {
  it('returns the same array when nothing filters', () => {
    expect(filterEvents(events, EMPTY_FILTER)).toBe(events);
  });

  it('filters by source, type, status and findings', () => {
    expect(ids(filterEvents(events, filter({ sources: new Set(['productfruits']) })))).toEqual(['e-3']);
    expect(ids(filterEvents(events, filter({ types: new Set(['identify', 'tour-finished']) })))).toEqual(['e-1', 'e-3']);
    expect(ids(filterEvents(events, filter({ statuses: new Set(['failed', 'blocked']) })))).toEqual(['e-2', 'e-4']);
    expect(ids(filterEvents(events, filter({ hasFindings: true })))).toEqual(['e-4']);
  });

  it('searches type, name, userId and payloads case-insensitively', () => {
    expect(ids(filterEvents(events, filter({ text: 'SIGNED' })))).toEqual(['e-2']);
    expect(ids(filterEvents(events, filter({ text: 'user-42' })))).toEqual(['e-1']);
    expect(ids(filterEvents(events, filter({ text: 'ann@example' })))).toEqual(['e-1']);
    expect(ids(filterEvents(events, filter({ text: 'tour-fin' })))).toEqual(['e-3']);
  });

  it('searches with /regex/flags', () => {
    expect(ids(filterEvents(events, filter({ text: '/^plan changed$/im' })))).toEqual(['e-4']);
    // the g flag must not make matching depend on the previous event
    expect(ids(filterEvents(events, filter({ text: '/Event|Signed|Plan/g' })))).toEqual(['e-2', 'e-4']);
  });

  it('does not filter on an invalid regex', () => {
    expect(filterEvents(events, filter({ text: '/(/' }))).toHaveLength(events.length);
  });

  // Its speed is measured in npm run bench (search keystroke at 100,000 events), not timed here.
  it('finds the one matching event among 100,000, also once the search text is cached', () => {
    const many = makeEvents(100_000);
    expect(filterEvents(many, filter({ text: 'warm the cache' }))).toEqual([]);
    expect(ids(filterEvents(many, filter({ text: 'event 99999' })))).toEqual(['e-99999']);
  });
});

describe('parseSearch', () => {
  it('tells plain text from a regex literal', () => {
    expect(parseSearch('')).toEqual({ query: { kind: 'empty' }, error: null });
    expect(parseSearch('Foo')).toEqual({ query: { kind: 'plain', needle: 'foo' }, error: null });
    expect(parseSearch('/abc')).toEqual({ query: { kind: 'plain', needle: '/abc' }, error: null });
    const regex = parseSearch('/a.c/i').query;
    expect(regex.kind === 'regex' && regex.regex.flags).toBe('i');
  });

  it('reports an invalid regex', () => {
    const parsed = parseSearch('/a(/');
    expect(parsed.query.kind).toBe('empty');
    expect(parsed.error).toMatch(/^Invalid regular expression/);
  });
});

describe('countsBy', () => {
  it('counts per source, type, status and findings', () => {
    const counts = countsBy(events);
    expect(counts.total).toBe(4);
    expect(Object.fromEntries(counts.sources)).toEqual({ segment: 3, productfruits: 1 });
    expect(Object.fromEntries(counts.types)).toEqual({ identify: 1, track: 2, 'tour-finished': 1 });
    expect(Object.fromEntries(counts.statuses)).toEqual({ delivered: 1, failed: 1, blocked: 1 });
    expect(counts.hasFindings).toBe(1);
  });
  it('counts as one tally per event would, keys in the order first seen, over runs and alternations', () => {
    const summary = fc.record({
      source: fc.constantFrom('segment', 'productfruits'),
      type: fc.constantFrom('track', 'identify', 'page', 'tour-finished'),
      status: fc.constantFrom(null, 'delivered', 'failed', 'blocked'),
      findings: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(summary, fc.integer({ min: 1, max: 4 })), { maxLength: 30 }), fc.nat(3), (runs, pageFindings) => {
        const events = runs.flatMap(([s, times], i) =>
          Array.from({ length: times }, (_, j) => ({
            seq: i * 10 + j,
            source: s.source,
            type: s.type,
            delivery: s.status === null ? null : { status: s.status },
            verdict: s.findings ? makeVerdict({ findings: [{ code: 'x', severity: 'warning', message: 'm' }] }) : null,
          })),
        ) as unknown as Parameters<typeof countsBy>[0];
        const tally = <K,>(keys: K[]) => {
          const m = new Map<K, number>();
          for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
          return [...m];
        };
        const counts = countsBy(events, pageFindings);
        expect([...counts.sources]).toEqual(tally(events.map((e) => e.source)));
        expect([...counts.types]).toEqual(tally(events.map((e) => e.type)));
        expect([...counts.statuses]).toEqual(tally(events.flatMap((e) => (e.delivery ? [e.delivery.status] : []))));
        expect(counts.total).toBe(events.length);
        expect(counts.hasFindings).toBe(pageFindings + events.filter((e) => e.verdict !== null).length);
        expect(counts.pageFindings).toBe(pageFindings);
      }),
    );
  });
});

describe('highlightRanges', () => {
  it('finds every plain match ignoring case', () => {
    expect(highlightRanges('Plan plan PLAN', 'plan')).toEqual([[0, 4], [5, 9], [10, 14]]);
  });
  it('finds regex matches and skips empty ones', () => {
    expect(highlightRanges('a1b22', '/\\d*/')).toEqual([[1, 2], [3, 5]]);
  });
  it('returns nothing for no search or an invalid regex', () => {
    expect(highlightRanges('abc', '')).toEqual([]);
    expect(highlightRanges('abc', '/(/')).toEqual([]);
  });
});

describe('persisted filter', () => {
  it('round-trips through JSON', () => {
    const f = filter({ sources: new Set(['segment']), statuses: new Set(['failed']), hasFindings: true, text: 'x' });
    expect(deserializeFilter(JSON.parse(JSON.stringify(serializeFilter(f))))).toEqual(f);
  });
  it('ignores what it does not recognise', () => {
    expect(deserializeFilter('junk')).toEqual(EMPTY_FILTER);
    expect(deserializeFilter({ sources: ['nope'], statuses: 3, text: 5 })).toEqual(EMPTY_FILTER);
  });
});
