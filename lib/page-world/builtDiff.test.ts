// @vitest-environment happy-dom
/**
 * Built events travel as their difference from the call and the batch's page context; the
 * session must show each one exactly as a full copy would have.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';
import { COMPACT_BUILT_DIFF, MAX_ENVELOPE_CHARS, PAGE_EVENT_NAME } from '../shared/pageChannel';
import { toSafeValue } from './safeValue';
import { withContexts } from './builtDiff';
import { snapshotList } from './snapshot';
import type { PageRecord } from '../shared/captureEnvelope';

let h: CaptureHarness;
const posted: string[] = [];
beforeAll(() => {
  h = installCaptureHarness();
  window.addEventListener(PAGE_EVENT_NAME, (event) => posted.push((event as CustomEvent<string>).detail));
});

const context = () => ({ page: { path: '/cart', url: 'https://shop.test/cart', title: 'Cart' }, userAgent: 'UA/1', library: { name: 'analytics.js', version: 'next-1.84.3' }, campaign: {} });

/** What the hook and analytics-next do: the call's arguments are snapshot, the event keeps the page's properties object and gets a context of its own. */
function track(name: string, properties: Record<string, unknown>, ctx: unknown = context()) {
  const cid = h.recorder.nextId();
  h.recorder.record({ kind: 'call', cid, at: 1, method: 'track', args: snapshotList([name, properties], 2), via: 'instance', globalName: null });
  const event = { timestamp: '2026-12-02T00:00:00.000Z', event: name, type: 'track', properties, context: ctx, messageId: `m-${name}` };
  return { cid, event, built: () => h.recorder.record({ kind: 'built', cid, event }) };
}

/** What the hook posted: a built difference as its array (`[COMPACT_BUILT_DIFF, cid, built, context, fromCall]`), other built events as objects. */
const postedRecords = (from: number) => posted.slice(from).flatMap((text) => (JSON.parse(text) as { records: (PageRecord | unknown[])[] }).records);
const isDiff = (r: PageRecord | unknown[]): r is unknown[] => Array.isArray(r) && r[0] === COMPACT_BUILT_DIFF;
const builtOf = (name: string) => h.document().events.find((e) => e.name === name)?.built;

describe('built events as differences', () => {
  it('carry one context per batch and refer to the call for properties, and the session shows them whole', () => {
    const from = posted.length;
    const calls = ['Diff A', 'Diff B', 'Diff C'].map((name, i) => track(name, { index: i, tags: ['a'] }));
    for (const c of calls) c.built();
    h.recorder.flush();
    const envelopes = posted.slice(from).map((text) => JSON.parse(text) as { contexts?: unknown[] });
    expect(envelopes.flatMap((e) => e.contexts ?? [])).toEqual([toSafeValue(context())]);
    const diffs = postedRecords(from).filter(isDiff);
    expect(diffs).toHaveLength(3);
    expect(diffs[0]).toEqual([COMPACT_BUILT_DIFF, expect.any(Number), expect.objectContaining({ properties: null, context: null }), 0, [['properties', 1]]]);
    for (const c of calls) {
      expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
      expect(Object.keys(builtOf(c.event.event) as object)).toEqual(Object.keys(c.event));
    }
  });

  it('refer to one context for events whose context has a key set to undefined (analytics-next in Firefox: userAgentData)', () => {
    const from = posted.length;
    const firefox = () => ({ ...context(), userAgentData: undefined });
    const cs = ['Undefined A', 'Undefined B', 'Undefined C'].map((name) => track(name, { n: 1, plan: undefined }, firefox()));
    for (const c of cs) c.built();
    h.recorder.flush();
    const envelopes = posted.slice(from).map((text) => JSON.parse(text) as { contexts?: unknown[] });
    expect(envelopes.flatMap((e) => e.contexts ?? [])).toEqual([toSafeValue(firefox())]);
    const diffs = postedRecords(from).filter(isDiff);
    expect(diffs.map((d) => d[4])).toEqual([[['properties', 1]], [['properties', 1]], [['properties', 1]]]);
    for (const c of cs) expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
  });

  it('copy properties the page changed after its call, so the built event shows the change', () => {
    const c = track('Diff Changed', { total: 1 });
    (c.event.properties as Record<string, unknown>).total = 2;
    c.built();
    h.recorder.flush();
    expect(h.document().events.find((e) => e.name === 'Diff Changed')?.args).toEqual(['Diff Changed', { total: 1 }]);
    expect(builtOf('Diff Changed')).toMatchObject({ properties: { total: 2 } });
  });

  it('refer to a call posted in an earlier batch, written out from the stored call', () => {
    const c = track('Diff Later', { late: true });
    h.recorder.flush();
    const from = posted.length;
    c.built();
    h.recorder.flush();
    const [record] = postedRecords(from);
    expect(record).toEqual([COMPACT_BUILT_DIFF, expect.any(Number), expect.any(Object), 0, [['properties', 1]]]);
    expect(builtOf('Diff Later')).toStrictEqual(toSafeValue(c.event));
  });

  it('refer to the call without a context to refer to (an event that has none)', () => {
    const from = posted.length;
    const cid = h.recorder.nextId();
    const properties = { plan: 'pro' };
    h.recorder.record({ kind: 'call', cid, at: 1, method: 'track', args: snapshotList(['No Context', properties], 2), via: 'instance', globalName: null });
    const event = { type: 'track', event: 'No Context', properties, messageId: 'm-no-context' };
    h.recorder.record({ kind: 'built', cid, event });
    h.recorder.flush();
    expect(postedRecords(from).find((r) => !Array.isArray(r) && r.kind === 'built')).toMatchObject({ kind: 'built', fromCall: [['properties', 1]], built: { properties: null } });
    expect(builtOf('No Context')).toStrictEqual(event);
  });

  it('give each distinct context its own entry, and copy one that is no plain data', () => {
    const from = posted.length;
    const other = { ...context(), page: { path: '/other', url: 'https://shop.test/other', title: 'Other' } };
    const withGetter = { get page() {
      return 'from a getter';
    } };
    const cs = [track('Ctx One', {}), track('Ctx Two', {}, other), track('Ctx Three', {}), track('Ctx Getter', {}, withGetter)];
    for (const c of cs) c.built();
    h.recorder.flush();
    const contexts = posted.slice(from).flatMap((text) => (JSON.parse(text) as { contexts?: unknown[] }).contexts ?? []);
    expect(contexts).toHaveLength(3);
    for (const c of cs) expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
    expect(builtOf('Ctx Getter')).toMatchObject({ context: { page: '[Getter]' } });
  });
});

describe('a context that shares an object with the one before (analytics-next\'s userAgentData)', () => {
  it('has that object read for the first two events of a batch only, and every event shows it whole', () => {
    let reads = 0;
    const userAgentData = new Proxy({ brands: [{ brand: 'Chromium', version: '156' }], mobile: false, platform: 'Linux' }, {
      getOwnPropertyDescriptor: (t, key) => (reads++, Reflect.getOwnPropertyDescriptor(t, key)),
    });
    const withShared = () => ({ ...context(), userAgentData });
    const batch = (names: string[]) => {
      const before = reads;
      const cs = names.map((name) => track(name, { n: 1 }, withShared()));
      for (const c of cs) c.built();
      h.recorder.flush();
      const read = reads - before;
      for (const c of cs) expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
      return read;
    };
    const two = batch(['Shared A', 'Shared B']);
    expect(two).toBeGreaterThan(0);
    expect(batch(['Shared C', 'Shared D', 'Shared E', 'Shared F', 'Shared G'])).toBe(two);
  });
});

describe('a built event\'s Date timestamp', () => {
  /** As analytics-next builds it: `timestamp` is a Date. */
  function dated(name: string, timestamp: Date, ctx: unknown = context()) {
    const c = track(name, { n: 1 }, ctx);
    const event = { ...c.event, timestamp };
    return { event, built: () => h.recorder.record({ kind: 'built', cid: c.cid, event }) };
  }

  it('goes as its time value, and the session shows the text toSafeValue makes of it, in its place', () => {
    const from = posted.length;
    const times = [Date.UTC(2026, 11, 3, 17, 42, 40, 572), 0, -62198755200000, 8.64e15, -8.64e15];
    const cs = times.map((t, i) => dated(`Dated ${i}`, new Date(t)));
    for (const c of cs) c.built();
    h.recorder.flush();
    const diffs = postedRecords(from).filter(isDiff);
    expect(diffs.map((d) => d[5])).toEqual(times);
    expect(diffs.map((d) => (d[2] as { timestamp: unknown }).timestamp)).toEqual(times.map(() => null));
    for (const c of cs) {
      expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
      expect(Object.keys(builtOf(c.event.event) as object)).toEqual(Object.keys(c.event));
    }
  });

  it('is copied as before where it is no valid Date', () => {
    const from = posted.length;
    const invalid = dated('Dated Invalid', new Date(Number.NaN));
    const fake = dated('Dated Fake', Object.create(Date.prototype) as Date);
    for (const c of [invalid, fake]) c.built();
    h.recorder.flush();
    expect(postedRecords(from).filter(isDiff).map((d) => d.length)).toEqual([5, 5]);
    expect(builtOf('Dated Invalid')).toMatchObject({ timestamp: '[Invalid Date]' });
    expect(builtOf('Dated Fake')).toStrictEqual(toSafeValue(fake.event));
  });

  it('goes as its time value in an event posted with its own context (its batch holds 16 others)', () => {
    const from = posted.length;
    const cs = Array.from({ length: 17 }, (_, i) => dated(`Dated Whole ${i}`, new Date(1000 + i), { ...context(), page: { path: `/p${i}` } }));
    for (const c of cs) c.built();
    h.recorder.flush();
    expect(postedRecords(from).filter(isDiff)).toHaveLength(16);
    expect(postedRecords(from).find((r) => !Array.isArray(r))).toMatchObject({ kind: 'built-diff', time: 1016, built: { timestamp: null } });
    for (const c of cs) expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
  });
});

describe('an envelope over MAX_ENVELOPE_CHARS', () => {
  it('is cut in two, each half with its built events\' contexts written in, and the session shows every event whole', () => {
    const from = posted.length;
    const big = (i: number) => Object.fromEntries(Array.from({ length: 8 }, (_, k) => [`text${k}`, `${i}-${k}-`.padEnd(100_000, 'x')]));
    const cs = Array.from({ length: 24 }, (_, i) => {
      const c = track(`Large ${i}`, { n: i });
      return { ...c, event: { ...c.event, properties: big(i) } };
    });
    for (const c of cs) h.recorder.record({ kind: 'built', cid: c.cid, event: c.event });
    h.recorder.flush();
    const texts = posted.slice(from);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((text) => text.length <= MAX_ENVELOPE_CHARS)).toBe(true);
    for (const c of cs) expect(builtOf(c.event.event)).toStrictEqual(toSafeValue(c.event));
  });
});

describe('withContexts, for envelopes cut in two', () => {
  it('writes the context into its place and keeps the call reference', () => {
    const records: PageRecord[] = [
      { kind: 'built-diff', cid: 4, context: 1, fromCall: [['properties', 1]], built: { type: 'track', properties: null, context: null, messageId: 'm' } },
      { kind: 'replay', cid: 2 },
    ];
    const written = withContexts(records, [{ page: 'a' }, { page: 'b' }]);
    expect(written).toEqual([
      { kind: 'built-diff', cid: 4, fromCall: [['properties', 1]], built: { type: 'track', properties: null, context: { page: 'b' }, messageId: 'm' } },
      { kind: 'replay', cid: 2 },
    ]);
    expect(Object.keys((written[0] as { built: object }).built)).toEqual(['type', 'properties', 'context', 'messageId']);
  });

  it('keeps the time value for the background to write out', () => {
    const [written] = withContexts([{ kind: 'built-diff', cid: 4, context: 0, time: 1000, built: { timestamp: null, context: null, messageId: 'm' } }], [{ page: 'a' }]);
    expect(written).toEqual({ kind: 'built-diff', cid: 4, time: 1000, built: { timestamp: null, context: { page: 'a' }, messageId: 'm' } });
  });

  it('keeps a `__proto__` key an own key', () => {
    const built = JSON.parse('{"__proto__": {"admin": true}, "context": null}') as Record<string, unknown>;
    const [written] = withContexts([{ kind: 'built-diff', cid: 1, context: 0, built }], [{ page: 'a' }]);
    const out = (written as { built: Record<string, unknown> }).built;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'context']);
  });
});
