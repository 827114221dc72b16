import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { exportFileName, parseImportFile } from './importFile';
import { redactSession } from './redact';
import { eventUserId } from './panel/eventFields';
import { SESSION_FORMAT, SessionDocumentSchema, type SessionDocument } from '../shared/session/schema';

const identify = { type: 'identify', messageId: 'm-1', userId: '42', traits: { email: 'Ann@Example.com', plan: 'pro' }, anonymousId: 'a', timestamp: '2026-11-29T10:00:00.000Z', context: { page: { url: 'https://app.example.com/x' } } };
const track = { type: 'track', messageId: 'm-2', event: 'Clicked', userId: '42', properties: {}, anonymousId: 'a', timestamp: '2026-11-29T10:00:01.000Z' };

function har(entries: unknown[]) {
  return JSON.stringify({ log: { version: '1.2', entries } });
}
const entry = (url: string, body: unknown, status: number) => ({ startedDateTime: '2026-11-29T10:00:00.000Z', request: { method: 'POST', url, postData: { mimeType: 'text/plain', text: JSON.stringify(body) } }, response: { status } });

describe('parseImportFile', () => {
  it('turns the Segment requests of a HAR into a read-only session, by payload shape (proxied hosts too)', () => {
    const imported = parseImportFile(har([
      entry('https://api.segment.io/v1/i', identify, 200),
      entry('https://collect.customer.com/v1/b', { batch: [track], writeKey: 'wk' }, 500),
      entry('https://example.com/other', { hello: 'world' }, 200),
      entry('https://api.segment.io/v1/t', { ...track, messageId: 'm-3' }, 0),
    ]));
    expect(imported.kind).toBe('har');
    const doc = imported.document;
    expect(v.safeParse(SessionDocumentSchema, doc).success).toBe(true);
    expect(doc.events.map((e) => [e.type, e.delivery?.status, e.delivery?.httpStatus])).toEqual([
      ['identify', 'delivered', 200],
      ['track', 'failed', 500],
      ['track', 'blocked', null],
    ]);
    expect(doc.events[0]!.verdict?.rule).toBe('new-user');
    expect(doc.page.url).toBe('https://app.example.com/x');
  });

  it('round-trips an exported session and rejects damaged or unknown files with a clear message', () => {
    const doc = parseImportFile(har([entry('https://api.segment.io/v1/i', identify, 200)])).document;
    expect(parseImportFile(JSON.stringify(doc))).toEqual({ kind: 'session', document: doc });
    expect(() => parseImportFile('{"format":"segment-pf-companion/session","version":1,"events":"x"}')).toThrow(/damaged/);
    expect(() => parseImportFile(JSON.stringify({ ...doc, version: 2 }))).toThrow(/version 2/);
    expect(() => parseImportFile('not json')).toThrow(/not valid JSON/);
    expect(() => parseImportFile('{"hello":1}')).toThrow(/Not a session or HAR file/);
    expect(() => parseImportFile(har([entry('https://example.com/', { a: 1 }, 200)]))).toThrow(/no Segment tracking requests/);
  });

  it("reads a HAR as PF unknown (no PF user timeline), judges it 'can't tell', and takes the User ID from what was sent", () => {
    const doc = parseImportFile(har([entry('https://api.segment.io/v1/i', identify, 200)])).document;
    expect(doc.productFruits.detected).toBe(false);
    expect(doc.productFruits.userTimeline).toBeUndefined();
    expect(doc.events[0]!.verdict?.findings[0]).toMatchObject({ code: 'would-create-new-user', severity: 'warning' });
    expect(doc.events[0]!.verdict?.findings[0]?.message).toMatch(/^Can't tell whether PF knows this user/);
    expect(eventUserId(doc.events[0]!)).toBe('42');
  });

  it('names the export after the page host and time', () => {
    const doc = { page: { url: 'https://app.example.com/settings' } } as SessionDocument;
    expect(exportFileName(doc, new Date('2026-11-29T10:00:00.000Z'))).toBe('segment-session-app.example.com-2026-11-29T10-00-00-000Z.json');
  });
});

describe('redactSession', () => {
  it('replaces emails with stable pseudonyms and trait values, everywhere', () => {
    const doc = parseImportFile(har([entry('https://api.segment.io/v1/i', identify, 200), entry('https://api.segment.io/v1/i', { ...identify, messageId: 'm-9' }, 200)])).document;
    doc.events[0]!.args = ['42', { email: 'Ann@Example.com', plan: 'pro' }];
    doc.productFruits.user = { username: '42', email: 'Ann@Example.com', firstname: 'Ann' };
    doc.diagnostics.push({ code: 'x', severity: 'info', message: "email 'Ann@Example.com' differs" });
    const red = redactSession(doc);
    const text = JSON.stringify(red);
    expect(text).not.toContain('Ann@Example.com');
    expect((red.events[0]!.sent as { traits: unknown }).traits).toEqual({ email: 'Person-1@redacted.invalid', plan: '[redacted]' });
    expect(text).not.toContain('"pro"');
    expect(red.diagnostics.at(-1)!.message).toBe("email 'Person-1@redacted.invalid' differs");
    expect(red.format).toBe(SESSION_FORMAT);
    expect(v.safeParse(SessionDocumentSchema, red).success).toBe(true);
    expect(red.events[0]!.args).toEqual(['42', { email: 'Person-1@redacted.invalid', plan: '[redacted]' }]);
    expect(red.productFruits.user).toEqual({ username: '42', email: 'Person-1@redacted.invalid', firstname: '[redacted]' });
    expect(JSON.stringify(doc)).toContain('Ann@Example.com'); // input untouched
  });
});
