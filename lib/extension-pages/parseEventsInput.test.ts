import { describe, expect, it } from 'vitest';
import { makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { parseEventsInput } from './parseEventsInput';

const identify = { type: 'identify', userId: '42', traits: { email: 'ann@example.com' }, timestamp: '2026-11-29T17:59:01.000Z' };
const track = { type: 'track', event: 'Tour Finished', userId: '42', context: { page: { url: 'https://app.example.com/' } } };

describe('parseEventsInput', () => {
  it('reads one event as the payload the webhook receives', () => {
    const { events, error } = parseEventsInput(JSON.stringify(identify));
    expect(error).toBeUndefined();
    expect(events).toEqual([
      expect.objectContaining({ id: 'pasted-1', seq: 1, source: 'segment', type: 'identify', sent: identify, built: null, capturedAt: identify.timestamp }),
    ]);
  });

  it('reads an array and a webhook batch body', () => {
    expect(parseEventsInput(JSON.stringify([identify, track])).events.map((e) => e.type)).toEqual(['identify', 'track']);
    const batch = parseEventsInput(JSON.stringify({ batch: [identify, track], sentAt: 'x' }));
    expect(batch.events.map((e) => [e.seq, e.name, e.pageUrl])).toEqual([
      [1, null, ''],
      [2, 'Tour Finished', 'https://app.example.com/'],
    ]);
  });

  it('reads a whole session file with its PF timeline', () => {
    const change = { at: '2026-11-29T17:59:00.000Z', via: 'init', user: { username: '42' }, afterSeq: 0 };
    const doc = makeSession({ events: [makeIdentify(1, '42')], productFruits: { ...makeSession().productFruits, userTimeline: [change] } });
    const parsed = parseEventsInput(JSON.stringify(doc));
    expect(parsed.error).toBeUndefined();
    expect(parsed.events.map((e) => e.id)).toEqual(['e-1']);
    expect(parsed.pfTimeline).toEqual([change]);
  });

  it('explains what is wrong', () => {
    expect(parseEventsInput('').error).toMatch(/Nothing to read/);
    expect(parseEventsInput('{"type": ').error).toMatch(/^Not valid JSON: /);
    expect(parseEventsInput('"hello"').error).toMatch(/^Not Segment events: expected/);
    expect(parseEventsInput('{"userId": "42"}').error).toMatch(/^Not Segment events/);
    expect(parseEventsInput(JSON.stringify([identify, { foo: 'x' }])).error).toMatch(/^Item 2 is not a Segment event: it has no "type" field/);
    expect(parseEventsInput('{"type":"track"}\nnot json {').error).toMatch(/^Line 2 is not valid JSON/);
    expect(parseEventsInput('[]').error).toMatch(/empty/);
    expect(parseEventsInput('{"format": "other"}').error).toMatch(/^Not a session file/);
    const broken = { ...makeSession(), events: [{ id: 1 }] };
    expect(parseEventsInput(JSON.stringify(broken)).error).toMatch(/^Not a valid session file: events\.0\.id: /);
  });

  it('reads Segment HTTP API bodies without a type, named by their fields', () => {
    const parsed = parseEventsInput('{"userId": "019mr8mf4r", "event": "Item Purchased"}');
    expect(parsed.error).toBeUndefined();
    expect(parsed.events[0]).toMatchObject({ type: 'track', name: 'Item Purchased' });
    expect((parsed.events[0]?.sent as { type?: string }).type).toBe('track');
    const types = parseEventsInput(
      JSON.stringify([
        { userId: 'u', traits: { email: 'a@x.com' } },
        { userId: 'u', groupId: 'g' },
        { userId: 'u', previousId: 'anon' },
        { userId: 'u', name: 'Home', properties: {} },
      ]),
    ).events.map((e) => e.type);
    expect(types).toEqual(['identify', 'group', 'alias', 'page']);
  });

  it('reads NDJSON and log lines, one event per line', () => {
    const input = [
      '{"type":"identify","userId":"ann","traits":{"email":"ann@example.com"}}',
      '',
      '2026-11-29T18:00:00Z INFO segment event {"userId":"ann","event":"Clicked"}',
    ].join('\n');
    const parsed = parseEventsInput(input);
    expect(parsed.error).toBeUndefined();
    expect(parsed.events.map((e) => e.type)).toEqual(['identify', 'track']);
  });
});
