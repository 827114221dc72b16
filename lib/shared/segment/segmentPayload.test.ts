import { describe, expect, it } from 'vitest';
import { isLikelySegmentUrl, parseSegmentBody } from './segmentPayload';

const track = {
  type: 'track',
  event: 'Signed Up',
  properties: { plan: 'pro' },
  messageId: 'ajs-next-1',
  userId: 'u1',
  timestamp: '2026-01-02T03:04:05.006Z',
  writeKey: 'wk',
  sentAt: '2026-01-02T03:04:05.100Z',
};
const identify = { type: 'identify', messageId: 'ajs-next-2', userId: 'u1', traits: { email: 'a@b.c' } };

describe('parseSegmentBody', () => {
  it('recognises a single-event body', () => {
    expect(parseSegmentBody('https://api.segment.io/v1/t', JSON.stringify(track))).toStrictEqual({
      url: 'https://api.segment.io/v1/t',
      events: [{ messageId: 'ajs-next-1', type: 'track', payload: track }],
      writeKey: 'wk',
    });
  });

  it('recognises a batch body and takes the writeKey next to it', () => {
    const body = JSON.stringify({ batch: [track, identify], sentAt: '2026-01-02T03:04:06.000Z', writeKey: 'batch-key' });
    const parsed = parseSegmentBody('https://api.segment.io/v1/b', body);
    expect(parsed?.writeKey).toBe('batch-key');
    expect(parsed?.events.map((e) => [e.type, e.messageId])).toStrictEqual([
      ['track', 'ajs-next-1'],
      ['identify', 'ajs-next-2'],
    ]);
    expect(parsed?.events[1]?.payload).toStrictEqual(identify);
  });

  it('recognises the shape on a customer proxy domain and path', () => {
    const parsed = parseSegmentBody('https://metrics.customer.com/collect', `\n\t ${JSON.stringify(identify)}`);
    expect(parsed?.events).toHaveLength(1);
    expect(parsed?.writeKey).toBeNull();
  });

  it.each(['identify', 'track', 'page', 'screen', 'group', 'alias'])('accepts type %s', (type) => {
    expect(parseSegmentBody('/x', JSON.stringify({ type, messageId: 'm' }))?.events[0]?.type).toBe(type);
  });

  it.each<[string, unknown]>([
    ['a Blob', new Blob([JSON.stringify(track)])],
    ['FormData', new FormData()],
    ['null', null],
    ['invalid JSON', '{"type": "track", '],
    ['a JSON array', JSON.stringify([track])],
    ['text that is not an object', 'type=track&messageId=1'],
    ['an unknown type', JSON.stringify({ ...track, type: 'flush' })],
    ['an inherited-name type', JSON.stringify({ ...track, type: 'toString' })],
    ['a missing messageId', JSON.stringify({ type: 'track', event: 'x' })],
    ['a numeric messageId', JSON.stringify({ ...track, messageId: 5 })],
    ['an empty batch', JSON.stringify({ batch: [] })],
    ['a batch that is not an array', JSON.stringify({ batch: { 0: track } })],
    ['whitespace only', '   '],
  ])('rejects %s', (_name, body) => {
    expect(parseSegmentBody('https://api.segment.io/v1/b', body)).toBeNull();
  });

  it('rejects bodies over 1 MB without parsing them', () => {
    const huge = JSON.stringify({ ...track, properties: { pad: 'x'.repeat(1_000_000) } });
    expect(parseSegmentBody('https://api.segment.io/v1/t', huge)).toBeNull();
  });

  it('needs every batch item to have the shape unless the URL looks like Segment', () => {
    const body = JSON.stringify({ batch: [track, { hello: 'proxy-added' }] });
    expect(parseSegmentBody('https://example.com/collect', body)).toBeNull();
    expect(parseSegmentBody('https://example.com/seg/v1/batch', body)?.events).toHaveLength(1);
  });

  it('never throws, whatever the string', () => {
    for (const body of ['{', '{"batch": null}', '{"__proto__": {"type": "track"}}', '{}', '\uD800{']) {
      expect(() => parseSegmentBody('not a url', body)).not.toThrow();
    }
    expect(parseSegmentBody('u', '{"__proto__": {"type": "track", "messageId": "m"}}')).toBeNull();
  });
});

describe('isLikelySegmentUrl', () => {
  it.each([
    'https://api.segment.io/v1/t',
    'https://api.segment.io/anything',
    'https://API.Segment.io:443/v1/b',
    'https://events.eu1.segmentapis.com/v1/p',
    'https://proxy.customer.com/v1/t',
    'https://proxy.customer.com/segment/v1/batch?x=1',
    'http://127.0.0.1:8080/v1/identify/',
    'https://proxy.customer.com/v1/track#frag',
    ...['i', 'p', 'g', 'a', 's', 'b', 'page', 'screen', 'group', 'alias'].map((p) => `https://h.io/v1/${p}`),
    '/v1/b',
  ])('accepts %s', (url) => {
    expect(isLikelySegmentUrl(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'https://example.com/v1/tracking',
    'https://example.com/v2/t',
    'https://example.com/v1/t/extra',
    'https://api.segment.io.evil.com/collect',
    'https://user@api.segment.io.evil.com/collect',
    'https://example.com/?next=/v1/t',
    'https://cdn.segment.com/analytics.js/v1/key/analytics.min.js',
    'not a url',
  ])('rejects %s', (url) => {
    expect(isLikelySegmentUrl(url)).toBe(false);
  });
});
