import { describe, expect, it } from 'vitest';
import { parseImportFile } from './importFile';
import { DEPTH_LIMIT } from '../shared/boundValue';
import { DEFAULT_ASSUMPTIONS } from '../shared/identity/assumptions';
import { rejudgeDocument } from '../shared/session/rejudge';
import { MAX_WALK_DEPTH, redactForExport, redactSession, redactionSummary, verdictsThatDiffer } from './redact';
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

describe('redaction keeps what the webhook reads', () => {
  const pageUser = { username: 'ann', email: 'Ann@Example.com', plan: 'pro' };
  function identified(): SessionDocument {
    const doc = session();
    const identify = { type: 'identify', userId: 'ann', anonymousId: 'a-1', messageId: 'm-2', traits: { email: 'ann@example.com', name: 'Ann Smith' } };
    const track = { type: 'track', event: 'Clicked', userId: 'ann', anonymousId: 'a-1', messageId: 'm-3', properties: {}, context: { traits: { email: ' bob@example.com', phone: '123' } } };
    doc.events = [
      { ...doc.events[0]!, id: 'e-1', seq: 1, type: 'identify', name: null, args: ['ann', { email: 'ann@example.com', name: 'Ann Smith' }], built: identify, sent: identify },
      { ...doc.events[0]!, id: 'e-2', seq: 2, type: 'track', name: 'Clicked', args: ['Clicked'], built: track, sent: track },
    ];
    doc.productFruits = { ...doc.productFruits, detected: true, user: pageUser, userTimeline: [{ at: '2026-11-29T10:00:00.000Z', via: 'init', user: pageUser, afterSeq: 0 }] };
    return doc;
  }

  it('pseudonymises traits.email and context.traits.email, keeping the other trait keys with their values removed', () => {
    const red = redactSession(identified());
    const [identify, track] = red.events;
    expect((identify!.sent as { traits: unknown }).traits).toEqual({ email: 'person-1@redacted.invalid', name: '[redacted]' });
    expect(identify!.args).toEqual(['ann', { email: 'person-1@redacted.invalid', name: '[redacted]' }]);
    expect((track!.sent as { context: { traits: unknown } }).context.traits).toEqual({ email: ' person-2@redacted.invalid', phone: '[redacted]' });
    // differs from the Segment email only in case, as the original did
    expect(red.productFruits.user).toEqual({ username: 'ann', email: 'Person-1@redacted.invalid', plan: '[redacted]' });
  });

  it('judges exactly like the original (checked at export), and says what was removed', () => {
    const original = identified();
    const { document, changedVerdicts } = redactForExport(original);
    expect(changedVerdicts).toEqual([]);
    expect(document.diagnostics.map((d) => d.code)).not.toContain('redaction-changed-verdicts');
    const codes = (doc: SessionDocument) => rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS).document.events.map((e) => e.verdict?.findings.map((f) => f.code));
    expect(codes(document)).toEqual(codes(original));
    expect(codes(original)[0]).toContain('email-case-mismatch');
    expect(redactionSummary(document)).toEqual({ pseudonyms: 2, removedValues: 7 });
    expect(redactionSummary(original)).toBeNull();
  });

  it('names the events whose verdict redaction changed', () => {
    const original = identified();
    // a hand-made difference: the PF user's email lost in the "redacted" copy
    const changed = redactSession(original);
    changed.productFruits.userTimeline![0]!.user = { username: 'someone-else', email: null };
    expect(verdictsThatDiffer(original, changed)).toEqual([1, 2]);
  });

  it('cuts a value 10,000 levels deep at its own depth bound, with a placeholder', () => {
    const doc = session();
    let deep: unknown = 'carol@example.com';
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    doc.events[0]!.sent = deep;
    const red = redactSession(doc);
    let level: unknown = red.events[0]!.sent;
    let depth = 0;
    while (typeof level === 'object' && level !== null) {
      level = (level as { next: unknown }).next;
      depth += 1;
    }
    expect(level).toBe(DEPTH_LIMIT);
    expect(depth).toBeLessThanOrEqual(MAX_WALK_DEPTH);
    expect(JSON.stringify(red)).not.toContain('carol');
  });
});
