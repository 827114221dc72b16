import { describe, expect, it } from 'vitest';
import { eventFromPayload, payloadTime } from './eventFromPayload';

describe('eventFromPayload', () => {
  const payload = { type: 'track', event: 'Clicked', userId: 'u-1', messageId: 'm-1', context: { page: { url: 'https://app.example.com/a' } } };

  it('keeps the payload as sent and reads name and page from it', () => {
    const event = eventFromPayload('track', payload, { capturedAt: '2026-01-02T03:04:05.000Z', delivery: null, via: 'network' });
    expect(event).toEqual({
      capturedAt: '2026-01-02T03:04:05.000Z',
      pageUrl: 'https://app.example.com/a',
      source: 'segment',
      type: 'track',
      name: 'Clicked',
      args: [],
      built: null,
      sent: payload,
      delivery: null,
      via: 'network',
    });
  });

  it('names page calls by name, and leaves out via when the sighting has none', () => {
    const event = eventFromPayload('page', { type: 'page', name: 'Home' }, { capturedAt: '', delivery: null });
    expect(event.name).toBe('Home');
    expect(event.pageUrl).toBe('');
    expect('via' in event).toBe(false);
  });

  it('takes the payload time in Segment order: timestamp, originalTimestamp, receivedAt', () => {
    expect(payloadTime({ originalTimestamp: 'b', receivedAt: 'c' })).toBe('b');
    expect(payloadTime({ receivedAt: 'c' })).toBe('c');
    expect(payloadTime('x')).toBeNull();
  });
});
