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
    expect(parseEventsInput(JSON.stringify([identify, { event: 'x' }])).error).toBe('Item 2 is not a Segment event: it has no "type" field.');
    expect(parseEventsInput('[]').error).toMatch(/empty/);
    expect(parseEventsInput('{"format": "other"}').error).toMatch(/^Not a session file/);
    const broken = { ...makeSession(), events: [{ id: 1 }] };
    expect(parseEventsInput(JSON.stringify(broken)).error).toMatch(/^Not a valid session file: events\.0\.id: /);
  });
});
