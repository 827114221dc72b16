import { describe, expect, it } from 'vitest';
import { parseImportFile } from './importFile';
import { redactSession } from './redact';
import type { SessionDocument } from '../shared/session/schema';

const har = (url: string, body: unknown) => JSON.stringify({ log: { entries: [{ startedDateTime: '2026-11-29T10:00:00.000Z', request: { method: 'POST', url, postData: { text: JSON.stringify(body) } }, response: { status: 200 } }] } });

function session(): SessionDocument {
  return parseImportFile(har('https://api.segment.io/v1/t', { type: 'track', event: 'Viewed', messageId: 'm-1', userId: '42', properties: {} })).document;
}

describe('redactSession, emails in every encoding', () => {
  it('removes emails written with %40, %2B, double encoding and in query strings of page and context URLs', () => {
    const doc = session();
    doc.page.url = 'https://app.example.com/invite?email=ann%40example.com&next=%2Fhome%3Fu%3Dann%252Btag%2540example.com';
    doc.events[0]!.pageUrl = 'https://app.example.com/?e=ann+tag@example.com';
    doc.events[0]!.sent = { context: { page: { url: 'https://app.example.com/?who=ANN%40EXAMPLE.COM', search: '?who=ann%40example.com' } } };
    const text = JSON.stringify(redactSession(doc));
    expect(text).not.toMatch(/ann/i);
    expect(text).toContain('person-1');
  });

  it('gives one address the same pseudonym in every encoding', () => {
    const doc = session();
    doc.page.url = 'https://x.example/?a=ann%40example.com';
    doc.events[0]!.pageUrl = 'https://x.example/?b=ann@example.com';
    const red = redactSession(doc);
    expect(red.page.url).toBe('https://x.example/?a=person-1%40redacted.invalid');
    expect(red.events[0]!.pageUrl).toBe('https://x.example/?b=person-1@redacted.invalid');
  });

  it('keeps __proto__ keys as data and handles any depth', () => {
    const doc = session();
    let deep: unknown = 'bob@example.com';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    doc.events[0]!.args = [JSON.parse('{"__proto__": {"email": "eve@example.com"}}'), deep];
    const red = redactSession(doc);
    expect(Object.keys(red.events[0]!.args[0] as object)).toEqual(['__proto__']);
    expect(JSON.stringify(red.events[0]!.args[0])).not.toContain('eve@');
  });
});

describe('import of a deep file', () => {
  it('cuts values deeper than the capture keeps, so a redacted export of it works', () => {
    const deep = `${'['.repeat(10_000)}"carol@example.com"${']'.repeat(10_000)}`;
    const file = JSON.stringify({ log: { entries: [] } }).replace('[]', `[{"startedDateTime":"2026-11-29T10:00:00.000Z","request":{"method":"POST","url":"https://api.segment.io/v1/t","postData":{"text":${JSON.stringify(JSON.stringify({ type: 'track', event: 'Deep', messageId: 'm-d', properties: {} }))}}},"response":{"status":200},"deep":${deep}}]`);
    const doc = parseImportFile(file).document;
    expect(() => JSON.stringify(redactSession(doc))).not.toThrow();
  });
});
