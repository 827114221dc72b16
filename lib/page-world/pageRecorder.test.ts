// @vitest-environment happy-dom
/**
 * Request bodies leave the page as they were sent and are read in the background: what the
 * session shows must be what it showed when the page parsed them itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCaptureHarness, type CaptureHarness } from '../../tests/support/captureHarness';

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
