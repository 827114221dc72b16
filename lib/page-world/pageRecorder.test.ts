// @vitest-environment happy-dom
/**
 * Request bodies leave the page as they were sent and are read in the background: what the
 * session shows must be what it showed when the page parsed them itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';
import { COMPACT_CALL, PAGE_EVENT_NAME } from '../shared/pageChannel';

let h: CaptureHarness;
beforeAll(() => {
  h = installCaptureHarness();
});

describe('the page recorder, network requests', () => {
  it('a Segment batch seen in fetch becomes a network-only event, delivered once its answer came', async () => {
    const sent = { type: 'track', event: 'Wire Only', messageId: 'm-wire-1', userId: 'u-wire', timestamp: '2026-12-02T00:00:00.000Z' };
    const answer = await fetch('https://api.segment.io/v1/batch', { method: 'POST', body: JSON.stringify({ batch: [sent], writeKey: 'wk-wire' }) });
    expect(answer.status).toBe(200);
    await h.settle();
    const event = h.document().events.find((e) => e.name === 'Wire Only');
    expect(event).toMatchObject({ via: 'network', type: 'track', sent: { userId: 'u-wire', messageId: 'm-wire-1' } });
    expect(event?.delivery?.status).toBe('delivered');
  });

  it('the request URL is shown as the browser resolves it, whether the page gave it absolute or relative', async () => {
    const send = (url: string, messageId: string) => fetch(url, { method: 'POST', body: JSON.stringify({ batch: [{ type: 'track', event: messageId, messageId }], writeKey: 'wk-url' }) });
    await send('https://API.Segment.io:443/v1/batch', 'm-url-absolute');
    await send('/proxy/v1/batch', 'm-url-relative');
    await h.settle();
    const urlOf = (name: string) => h.document().events.find((e) => e.name === name)?.delivery?.url;
    expect(urlOf('m-url-absolute')).toBe('https://api.segment.io/v1/batch');
    expect(urlOf('m-url-relative')).toBe(new URL('/proxy/v1/batch', window.location.href).href);
  });

  it('a body that merely mentions "messageId" is posted, refused nowhere, and leaves no event', async () => {
    const before = h.document().events.length;
    await fetch('https://logs.example.test/ingest', { method: 'POST', body: '{"messageId":"not-segment","level":"info"}' });
    await h.settle();
    expect(h.rejected).toEqual([]);
    expect(h.document().events.length).toBe(before);
    const read = h.envelopes.flatMap((e) => e.records).filter((r) => r.kind === 'network' && r.url === 'https://logs.example.test/ingest');
    // only its settled report reaches the session, which joins it to nothing
    expect(read.map((r) => r.kind === 'network' && r.events.length)).toEqual([0]);
  });
});

describe('the page recorder, a page that changed the prototypes after document_start', () => {
  const recordCall = (name: string) => {
    h.recorder.record({ kind: 'call', cid: h.recorder.nextId(), at: 1, method: 'track', args: { value: [name, { list: [1, { a: 'b' }] }], used: -1 }, via: 'instance', globalName: 'analytics' });
  };
  const argsOf = (name: string) => h.envelopes.flatMap((e) => e.records).flatMap((r) => (r.kind === 'call' && r.args[0] === name ? [r.args] : []))[0];

  it('a toJSON on Object.prototype and Array.prototype (Prototype.js) never runs, and the records are sent as they are', async () => {
    const ran: string[] = [];
    const protos = [Object.prototype, Array.prototype] as unknown as Record<string, unknown>[];
    for (const proto of protos) {
      Object.defineProperty(proto, 'toJSON', { value: () => ran.push('toJSON') && 'replaced', configurable: true, writable: true, enumerable: false });
    }
    try {
      recordCall('Proto Page');
      await h.settle();
    } finally {
      for (const proto of protos) delete proto.toJSON;
    }
    expect(ran).toEqual([]);
    expect(argsOf('Proto Page')).toEqual(['Proto Page', { list: [1, { a: 'b' }] }]);
  });

  it('a Proxy put behind Array.prototype is never asked for a toJSON', async () => {
    const asked: string[] = [];
    const trap = new Proxy(Object.prototype, {
      has: (target, key) => (key === 'toJSON' && asked.push('has'), Reflect.has(target, key)),
      get: (target, key, receiver) => (key === 'toJSON' && asked.push('get'), Reflect.get(target, key, receiver)),
    });
    Object.setPrototypeOf(Array.prototype, trap);
    try {
      recordCall('Proxy Proto Page');
      await h.settle();
    } finally {
      Object.setPrototypeOf(Array.prototype, Object.prototype);
    }
    expect(asked).toEqual([]);
    expect(argsOf('Proxy Proto Page')).toEqual(['Proxy Proto Page', { list: [1, { a: 'b' }] }]);
  });
});

describe('the page recorder, call records', () => {
  it('go as arrays without the fields that have their usual value, and the background reads them back as those values', () => {
    const posted: string[] = [];
    const listen = (event: Event) => posted.push((event as CustomEvent).detail as string);
    window.addEventListener(PAGE_EVENT_NAME, listen);
    try {
      h.recorder.record({ kind: 'call', cid: h.recorder.nextId(), at: 1, method: 'track', args: { value: ['Usual Call'], used: -1 }, via: 'instance', globalName: null });
      h.recorder.record({ kind: 'call', cid: h.recorder.nextId(), at: 2, method: 'track', args: { value: ['Stub Call'], used: -1 }, via: 'stub', globalName: 'analytics' });
      h.recorder.flush();
    } finally {
      window.removeEventListener(PAGE_EVENT_NAME, listen);
    }
    const sentCall = (name: string) => posted.flatMap((text) => (JSON.parse(text) as { records: unknown[] }).records).find((r) => Array.isArray(r) && r[0] === COMPACT_CALL && (r[4] as unknown[])[0] === name);
    expect(sentCall('Usual Call')).toEqual([COMPACT_CALL, expect.any(Number), 1, 'track', ['Usual Call']]);
    expect(sentCall('Stub Call')).toEqual([COMPACT_CALL, expect.any(Number), 2, 'track', ['Stub Call'], 'stub', 'analytics']);
    const readCall = (name: string) => h.envelopes.flatMap((e) => e.records).find((r) => r.kind === 'call' && r.args[0] === name);
    expect(readCall('Usual Call')).toMatchObject({ source: 'segment', via: 'instance', globalName: null });
    expect(readCall('Stub Call')).toMatchObject({ source: 'segment', via: 'stub', globalName: 'analytics' });
  });
});
