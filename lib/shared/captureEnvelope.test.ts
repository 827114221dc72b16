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
