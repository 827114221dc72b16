import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../importFile';
import { makeEvent, makeIdentify, makePfEvent } from '../../../tests/support/sessionFactory';
import { eventUserId } from './eventFields';

describe('eventUserId', () => {
  it('reads a network-only event from the payload it was seen with', () => {
    const networkOnly = makeEvent(1, { type: 'track', name: 'Clicked', args: [], built: null, via: 'network', sent: { type: 'track', userId: 'u-net', event: 'Clicked' } });
    expect(eventUserId(networkOnly)).toBe('u-net');
  });

  it('reads an event imported from a HAR', () => {
    const body = JSON.stringify({ batch: [{ type: 'track', event: 'Saved', userId: 42, messageId: 'm-1', context: {} }], writeKey: 'wk' });
    const har = { log: { entries: [{ startedDateTime: '2026-01-01T00:00:00.000Z', request: { url: 'https://api.segment.io/v1/batch', postData: { text: body } }, response: { status: 200 } }] } };
    const [event] = parseImportFile(JSON.stringify(har)).document.events;
    expect(eventUserId(event!)).toBe('42');
  });

  it('reads the built event, else the first argument of identify and alias', () => {
    expect(eventUserId(makeIdentify(1, 'u-built'))).toBe('u-built');
    expect(eventUserId(makeEvent(2, { type: 'identify', args: ['u-arg', {}], built: null, sent: null }))).toBe('u-arg');
    expect(eventUserId(makeEvent(3, { type: 'alias', args: [7, 'old'], built: null, sent: null }))).toBe('7');
    expect(eventUserId(makeEvent(4, { type: 'track', args: ['Clicked'], built: null, sent: null }))).toBeNull();
  });

  it('gives PF events no Segment user', () => {
    expect(eventUserId(makePfEvent(5, 'tour-finished'))).toBeNull();
  });
});
