import { describe, expect, it } from 'vitest';
import { readEnvelope } from './captureEnvelope';
import { ENVELOPE_TAG } from './pageChannel';

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
