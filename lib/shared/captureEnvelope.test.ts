import { describe, expect, it } from 'vitest';
import { builtWithCallArgs, readEnvelope } from './captureEnvelope';
import { COMPACT_BUILT_DIFF, COMPACT_CALL, ENVELOPE_TAG } from './pageChannel';

const envelopeText = (records: unknown[]) =>
  JSON.stringify({ tag: ENVELOPE_TAG, instance: 'i-1', batch: 0, url: 'https://app.test/', title: 'App', top: true, records });

const body = (url: string, text: string) => ({ kind: 'network-body', rid: 7, at: 1000, url, transport: 'fetch', body: text });

describe('readEnvelope, request bodies posted by the hook', () => {
  it('reads a Segment batch body into the network record it stands for', () => {
    const sent = { type: 'track', event: 'Clicked', messageId: 'm-1', userId: 'u-1' };
    const { envelope, rejected } = readEnvelope(envelopeText([body('https://api.segment.io/v1/batch', JSON.stringify({ batch: [sent], writeKey: 'wk' }))]));
    expect(rejected).toBe(0);
    expect(envelope?.records).toEqual([
      { kind: 'network', rid: 7, at: 1000, url: 'https://api.segment.io/v1/batch', transport: 'fetch', status: 'pending', httpStatus: null, error: null, events: [{ messageId: 'm-1', type: 'track', payload: sent }] },
    ]);
  });

  it('writes the request URL out as the browser resolves it (the hook sends an absolute one as the page gave it)', () => {
    const sent = { type: 'track', event: 'Clicked', messageId: 'm-1' };
    const text = JSON.stringify({ batch: [sent] });
    const urlOf = (url: string) => (readEnvelope(envelopeText([body(url, text)])).envelope?.records[0] as { url?: string } | undefined)?.url;
    expect(urlOf('https://API.Segment.io:443/v1/./batch')).toBe('https://api.segment.io/v1/batch');
    expect(urlOf('http://[::1')).toBe('http://[::1');
  });

  it('writes out what the hook reported in a word, and keeps any other text as it is', () => {
    const records = (posted: unknown[]) => readEnvelope(envelopeText(posted)).envelope?.records as { error?: string }[] | undefined;
    const result = (error: string) => ({ kind: 'network', rid: 7, at: 1000, url: 'https://api.segment.io/v1/t', transport: 'beacon', status: 'unknown', httpStatus: null, error, events: [] });
    const load = (error: string) => ({ kind: 'segment-load', at: 1000, what: 'inspector', url: 'https://app.test/', error });
    expect(records([result('beacon-queued'), result('Failed to fetch'), load('inspector-removed'), load('toString')])?.map((r) => r.error)).toEqual([
      'beacon queued; the browser does not show pages its response',
      'Failed to fetch',
      'window.__SEGMENT_INSPECTOR__ was removed and cannot be made again',
      'toString',
    ]);
  });

  it('drops a body that is not Segment\'s without counting it as refused, and keeps the other records', () => {
    const { envelope, rejected } = readEnvelope(envelopeText([body('https://other.test/log', '{"messageId":"x","hello":1}'), { kind: 'replay', cid: 3 }]));
    expect(rejected).toBe(0);
    expect(envelope?.records).toEqual([{ kind: 'replay', cid: 3 }]);
  });

  it('refuses a malformed body record alone', () => {
    const { envelope, rejected } = readEnvelope(envelopeText([{ ...body('https://api.segment.io/v1/t', '{}'), transport: 'carrier-pigeon' }, { kind: 'replay', cid: 3 }]));
    expect(rejected).toBe(1);
    expect(envelope?.records).toEqual([{ kind: 'replay', cid: 3 }]);
  });
});

describe('readEnvelope, strings the hook keeps as they are', () => {
  const call = (name: string) => ({ kind: 'call', cid: 1, at: 1000, source: 'segment', method: 'track', args: [name, { [name]: name }], via: 'instance', globalName: 'analytics' });
  const argsOf = (text: string) => (readEnvelope(text).envelope?.records[0] as { args: unknown[] } | undefined)?.args;

  it.each([
    ['lone high surrogate', 'a\uD800b', 'a\uFFFDb'],
    ['lone low surrogate at the end', 'ab\uDC00', 'ab\uFFFD'],
    ['two high surrogates then a low one', '\uD800\uD800\uDC00', '\uFFFD\uD800\uDC00'],
    ['a valid pair', 'x\uD83D\uDE00y', 'x\uD83D\uDE00y'],
    ['an escaped backslash before the letters', '\\ud800', '\\ud800'],
  ])('%s: U+FFFD in values and keys, whether the text escapes it or not', (_name, input, expected) => {
    const escaped = envelopeText([call(input)]);
    const raw = escaped.replace(/\\\\|\\u(d[89a-f][0-9a-f]{2})/g, (m, hex?: string) => (hex ? String.fromCharCode(Number.parseInt(hex, 16)) : m));
    for (const text of [escaped, raw]) expect(argsOf(text)).toStrictEqual([expected, { [expected]: expected }]);
  });

  it('says which check refused what', () => {
    const { rejected, refusals } = readEnvelope(envelopeText([{ kind: 'replay', cid: 'three' }, { kind: 'carrier-pigeon' }, { kind: 'replay', cid: 3 }]));
    expect(rejected).toBe(2);
    expect(refusals).toEqual([expect.stringMatching(/^replay: cid: /), expect.stringMatching(/^carrier-pigeon: kind: /)]);
  });
});

describe('readEnvelope, built events posted as differences', () => {
  const call = { kind: 'call', cid: 1, at: 1000, source: 'segment', method: 'track', args: ['Clicked', { plan: 'pro' }], via: 'instance', globalName: null };
  const diff = (context: number, extra: Record<string, unknown> = {}) => ({ kind: 'built-diff', cid: 1, context, built: { type: 'track', context: null, messageId: 'm-1' }, ...extra });
  const withContexts = (contexts: unknown[], records: unknown[]) =>
    JSON.stringify({ tag: ENVELOPE_TAG, instance: 'i-1', batch: 0, url: 'https://app.test/', title: 'App', top: true, contexts, records });

  it('writes the envelope\'s context into its place and passes the call reference on', () => {
    const { envelope, rejected } = readEnvelope(withContexts([{ page: { path: '/' } }], [call, diff(0, { fromCall: [['properties', 1]] })]));
    expect(rejected).toBe(0);
    const built = envelope?.records[1];
    expect(built).toEqual({ kind: 'built', cid: 1, messageId: 'm-1', fromCall: [['properties', 1]], built: { type: 'track', context: { page: { path: '/' } }, messageId: 'm-1' } });
    expect(Object.keys((built as { built: object }).built)).toEqual(['type', 'context', 'messageId']);
    expect(envelope).not.toHaveProperty('contexts');
  });

  it('refuses a reference to a context the envelope does not carry, and keeps the rest', () => {
    const { envelope, rejected, refusals } = readEnvelope(withContexts([{ page: {} }], [call, diff(3)]));
    expect(rejected).toBe(1);
    expect(refusals).toEqual(['built-diff: context: not in this envelope']);
    expect(envelope?.records.map((r) => r.kind)).toEqual(['call']);
  });

  it('lets references add no more than the envelope could have carried written out', () => {
    const big = { blob: 'x'.repeat(1 << 20) };
    const { envelope, rejected, refusals } = readEnvelope(withContexts([big], Array.from({ length: 40 }, () => diff(0))));
    const kept = envelope?.records.length ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(16);
    expect(rejected).toBe(40 - kept);
    expect(refusals[0]).toBe('built-diff: context: over the envelope\'s budget for references');
  });

  it('writes a time value out as the timestamp it stands for, in its place', () => {
    const dated = { kind: 'built-diff', cid: 1, context: 0, time: -62198755200000, built: { timestamp: null, type: 'track', context: null, messageId: 'm-1' } };
    const { envelope, rejected } = readEnvelope(withContexts([{ page: {} }], [dated, { ...dated, context: undefined, time: 8.64e15 }]));
    expect(rejected).toBe(0);
    expect(envelope?.records.map((r) => (r as { built: unknown }).built)).toEqual([
      { timestamp: '-000001-01-01T00:00:00.000Z', type: 'track', context: { page: {} }, messageId: 'm-1' },
      { timestamp: '+275760-09-13T00:00:00.000Z', type: 'track', context: null, messageId: 'm-1' },
    ]);
    expect(Object.keys((envelope?.records[0] as { built: object }).built)).toEqual(['timestamp', 'type', 'context', 'messageId']);
  });

  it('refuses a time value no Date holds, or one the event has no empty timestamp for', () => {
    const dated = (time: unknown, timestamp: unknown = null) => ({ kind: 'built-diff', cid: 1, context: 0, time, built: { ...(timestamp === 'absent' ? {} : { timestamp }), context: null } });
    const { envelope, rejected, refusals } = readEnvelope(
      withContexts([{ page: {} }], [dated(8.64e15 + 1), dated(1.5), dated('1000'), dated(1000, '2026-12-03T00:00:00.000Z'), dated(1000, 'absent'), dated(1000)]),
    );
    expect(rejected).toBe(5);
    expect(refusals).toEqual([
      expect.stringMatching(/^built-diff: time: /),
      expect.stringMatching(/^built-diff: time: /),
      expect.stringMatching(/^built-diff: time: /),
      'built-diff: time: the event has no timestamp left for it',
      'built-diff: time: the event has no timestamp left for it',
    ]);
    expect(envelope?.records).toHaveLength(1);
  });

  it('keeps a `__proto__` key of the built event an own key', () => {
    const built = JSON.parse('{"__proto__": {"admin": true}, "context": null}');
    const { envelope } = readEnvelope(withContexts([{ page: {} }], [{ kind: 'built-diff', cid: 1, context: 0, built }]));
    const out = (envelope?.records[0] as { built: object }).built;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'context']);
  });
});

describe('readEnvelope, compact records', () => {
  const envelope = (records: unknown[], contexts?: unknown[]) =>
    JSON.stringify({ tag: ENVELOPE_TAG, instance: 'i-1', batch: 0, url: 'https://app.test/', title: 'App', top: true, ...(contexts ? { contexts } : {}), records });

  it('reads a call array as the call record, its left-out fields at their defaults', () => {
    const { envelope: read, rejected } = readEnvelope(envelope([
      [COMPACT_CALL, 1, 1000, 'track', ['Usual']],
      [COMPACT_CALL, 2, 1001, 'track', ['Stub'], 'stub'],
      [COMPACT_CALL, 3, 1002, 'identify', ['u-1'], null, 'analytics'],
      [COMPACT_CALL, 4, 1003, 'page', [], 'classic', 'segment'],
    ]));
    expect(rejected).toBe(0);
    expect(read?.records).toEqual([
      { kind: 'call', cid: 1, at: 1000, source: 'segment', method: 'track', args: ['Usual'], via: 'instance', globalName: null },
      { kind: 'call', cid: 2, at: 1001, source: 'segment', method: 'track', args: ['Stub'], via: 'stub', globalName: null },
      { kind: 'call', cid: 3, at: 1002, source: 'segment', method: 'identify', args: ['u-1'], via: 'instance', globalName: 'analytics' },
      { kind: 'call', cid: 4, at: 1003, source: 'segment', method: 'page', args: [], via: 'classic', globalName: 'segment' },
    ]);
  });

  it('reads a built-difference array with its context and call reference written in', () => {
    const built = { type: 'track', properties: null, context: null, messageId: 'm-1' };
    const { envelope: read, rejected } = readEnvelope(envelope([[COMPACT_CALL, 1, 1000, 'track', ['Clicked', { plan: 'pro' }]], [COMPACT_BUILT_DIFF, 1, built, 0, [['properties', 1]]]], [{ page: { path: '/' } }]));
    expect(rejected).toBe(0);
    expect(read?.records[1]).toEqual({ kind: 'built', cid: 1, built: { type: 'track', properties: null, context: { page: { path: '/' } }, messageId: 'm-1' }, messageId: 'm-1', fromCall: [['properties', 1]] });
  });

  it('reads a built-difference array with a time value, its call reference left out as null', () => {
    const built = { timestamp: null, type: 'track', context: null, messageId: 'm-1' };
    const { envelope: read, rejected } = readEnvelope(envelope([[COMPACT_BUILT_DIFF, 1, built, 0, null, 1000], [COMPACT_BUILT_DIFF, 2, built, 0, [['properties', 1]], 2000]], [{ page: {} }]));
    expect(rejected).toBe(0);
    expect(read?.records).toEqual([
      { kind: 'built', cid: 1, built: { ...built, timestamp: '1970-01-01T00:00:01.000Z', context: { page: {} } }, messageId: 'm-1' },
      { kind: 'built', cid: 2, built: { ...built, timestamp: '1970-01-01T00:00:02.000Z', context: { page: {} } }, messageId: 'm-1', fromCall: [['properties', 1]] },
    ]);
  });

  it('refuses, alone and counted, an array of no known form or with fields the schema refuses', () => {
    const { envelope: read, rejected, refusals } = readEnvelope(envelope([
      [9, 1, 1000],
      [COMPACT_CALL, 1, 1000, 'track'],
      [COMPACT_CALL, 1, 1000, 'track', ['x'], 'instance', 'analytics', 'extra'],
      [COMPACT_CALL, 'one', 1000, 'track', ['x']],
      [COMPACT_BUILT_DIFF, 1, { context: null }, 5],
      [],
      { kind: 'replay', cid: 3 },
    ], [{}]));
    expect(rejected).toBe(6);
    expect(read?.records).toEqual([{ kind: 'replay', cid: 3 }]);
    expect(refusals).toEqual([
      'compact: (root): no record has this form',
      'compact: (root): no record has this form',
      'compact: (root): no record has this form',
      expect.stringMatching(/^call: cid: /),
      'built-diff: context: not in this envelope',
    ]);
  });
});

describe('builtWithCallArgs', () => {
  it('writes the call\'s arguments into their keys, in place, as copies', () => {
    const args = ['Clicked', { plan: 'pro' }];
    const out = builtWithCallArgs({ type: 'track', properties: null, messageId: 'm' }, [['properties', 1]], args, { expanded: 0 }) as Record<string, unknown>;
    expect(out).toEqual({ type: 'track', properties: { plan: 'pro' }, messageId: 'm' });
    expect(Object.keys(out)).toEqual(['type', 'properties', 'messageId']);
    expect(out.properties).not.toBe(args[1]);
  });

  it('says so where the call has no such argument, or the envelope\'s budget is spent', () => {
    const out = builtWithCallArgs({ properties: null }, [['properties', 5]], ['Clicked'], { expanded: 0 }) as Record<string, unknown>;
    expect(out.properties).toMatch(/^\[not captured: /);
    const spent = builtWithCallArgs({ properties: null }, [['properties', 1]], ['Clicked', { a: 1 }], { expanded: 16 << 20 }) as Record<string, unknown>;
    expect(spent.properties).toBe('[not captured: over the envelope\'s budget for references]');
  });
});
