/**
 * Whatever a page sends, the session stays readable: arbitrary schema-valid envelopes folded by
 * applyEnvelope always give a document that builds, validates, serialises and stays within a
 * depth budget; a frame's envelopes never change the page's facts. Reproduces issue 11's
 * "one PF user whose username is {toString: 'x'} makes every session:get fail".
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { readEnvelope, type CaptureEnvelope } from '../../lib/shared/captureEnvelope';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';
import { MAX_VALUE_DEPTH } from '../../lib/shared/boundValue';
import { DEFAULT_SETTINGS } from '../../lib/shared/messages';
import { SessionDocumentSchema } from '../../lib/shared/session/schema';
import { applyEnvelope, newTabSession, type EnvelopeSender } from '../../lib/background/tabSession';
import { toSessionDocument } from '../../lib/background/document';

const TOP: EnvelopeSender = { top: true, document: 'top-doc', url: 'https://app.example.com/', seq: 0 };

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    max = Math.max(max, d);
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function envelopeText(records: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ tag: ENVELOPE_TAG, instance: 'i', batch: 0, url: 'https://app.example.com/', title: 'App', top: true, records, ...extra });
}

function fold(texts: string[], senders: EnvelopeSender[] = texts.map((_, i) => ({ ...TOP, seq: i }))) {
  const session = newTabSession(1);
  texts.forEach((text, i) => {
    const { envelope } = readEnvelope(text);
    if (envelope) applyEnvelope(session, envelope, DEFAULT_SETTINGS, senders[i]!);
  });
  return { session, answer: toSessionDocument(session, { now: new Date(0), settings: DEFAULT_SETTINGS }) };
}

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'username', 'email', 'messageId', 'userId')), tie('value'), { maxKeys: 4 }),
})).value;
const at = fc.oneof(fc.integer(), fc.constantFrom(8.64e15, -8.64e15, 1e300, -1e300, 0));
const id = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString'));
const record = fc.oneof(
  fc.record({ kind: fc.constant('call'), cid: fc.integer(), at, source: fc.constant('segment'), method: fc.constantFrom('track', 'identify', 'page', 'group', 'alias', 'reset', '__proto__'), args: fc.array(json, { maxLength: 3 }), via: fc.constantFrom('stub', 'instance', 'classic'), globalName: fc.option(id) }),
  fc.record({ kind: fc.constant('built'), cid: fc.integer({ min: 0, max: 5 }), built: json, messageId: fc.option(id) }),
  fc.record({ kind: fc.constant('network'), rid: fc.integer({ min: 0, max: 3 }), at, url: fc.string(), transport: fc.constantFrom('fetch', 'xhr', 'beacon'), status: fc.constantFrom('pending', 'delivered', 'failed', 'blocked', 'unknown'), httpStatus: fc.option(fc.integer()), error: fc.option(fc.string()), events: fc.array(fc.record({ messageId: id, type: fc.string(), payload: json }), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('identity'), userId: fc.option(fc.string()), anonymousId: fc.option(fc.string()), groupId: fc.option(fc.string()), traits: json, source: fc.constantFrom('localStorage', 'cookie', 'none') }),
  fc.record({ kind: fc.constant('pf-user'), at, via: fc.constantFrom('init', 'updateUserData', 'identifyUser', 'x'), user: json }),
  fc.record({ kind: fc.constant('pf-event'), cid: fc.integer(), at, module: fc.string(), event: fc.string(), args: fc.array(json, { maxLength: 3 }) }),
);

describe('untrusted envelopes', () => {
  it("a PF user whose username is {toString: 'x'} does not make the session unreadable", () => {
    const user = { username: { toString: 'x' }, email: { valueOf: 1 } };
    const { answer } = fold([envelopeText([
      { kind: 'pf-user', at: 1, via: 'init', user },
      { kind: 'call', cid: 1, at: 2, source: 'segment', method: 'identify', args: [{ toString: 'x' }, { email: { toString: 'x' } }], via: 'instance', globalName: null },
    ])]);
    expect(v.safeParse(SessionDocumentSchema, answer.document).success).toBe(true);
    expect(answer.document.events).toHaveLength(1);
  });

  it('a value deeper than the hook would ever send is cut when the envelope is read', () => {
    // Built as text: JSON.stringify itself would overflow the stack on it.
    const deep = `${'{"d":'.repeat(5000)}"leaf"${'}'.repeat(5000)}`;
    const text = envelopeText([{ kind: 'call', cid: 1, at: 1, source: 'segment', method: 'track', args: ['Deep', 'DEEP'], via: 'instance', globalName: null }]).replace('"DEEP"', deep);
    const { envelope, rejected } = readEnvelope(text);
    expect(rejected).toBe(0);
    expect(depthOf(envelope!.records[0])).toBeLessThanOrEqual(MAX_VALUE_DEPTH + 1);
    expect(JSON.stringify(envelope)).toContain('[Depth limit]');
  });

  it('one oversized field costs only its record: the others are kept and the refusal is counted', () => {
    const good = { kind: 'call', cid: 1, at: 1, source: 'segment', method: 'track', args: ['Kept'], via: 'instance', globalName: null };
    const longId = { kind: 'built', cid: 1, built: {}, messageId: 'm'.repeat(10_000) };
    const bad = { kind: 'call', cid: 2, at: 1, source: 'segment', method: 'track', args: 'not an array', via: 'instance', globalName: null };
    const read = readEnvelope(envelopeText([good, longId, bad], { title: 't'.repeat(2 << 20) }));
    expect(read.envelope?.records.map((r) => r.kind)).toEqual(['call', 'built']);
    expect(read.rejected).toBe(1);
    expect(read.envelope!.title).toMatch(/\[Truncated 2\.0 MB\]$/);
    expect((read.envelope!.records[1] as { messageId: string }).messageId).toMatch(/\[Truncated 9\.8 KB\]$/);
  });

  it('times outside the Date range are refused alone, and never throw', () => {
    const read = readEnvelope(envelopeText([{ kind: 'pf-user', at: 1e300, via: 'init', user: null }, { kind: 'pf-user', at: 1, via: 'init', user: null }]));
    expect(read.rejected).toBe(1);
    expect(read.envelope?.records).toHaveLength(1);
  });

  it('arbitrary schema-valid envelopes, from the top frame and a subframe: the document always builds, validates and keeps a depth budget', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(record, { maxLength: 6 }), fc.boolean(), id), { minLength: 1, maxLength: 6 }), (envelopes) => {
        const texts = envelopes.map(([records, , instance]) => envelopeText(records, { instance }));
        const senders = envelopes.map(([, top], i): EnvelopeSender => (top ? { ...TOP, seq: i } : { top: false, document: 'ad-doc', url: 'https://ads.example.net/f', seq: i }));
        const { answer } = fold(texts, senders);
        const parsed = v.safeParse(SessionDocumentSchema, answer.document);
        expect(parsed.success).toBe(true);
        expect(() => JSON.stringify(answer)).not.toThrow();
        expect(depthOf(answer.document)).toBeLessThanOrEqual(MAX_VALUE_DEPTH + 12);
        // The subframe never set the page's facts.
        if (senders.every((s) => !s.top)) {
          expect(answer.document.page).toEqual({ url: '', title: '' });
          expect(answer.document.productFruits.userTimeline ?? []).toEqual([]);
          expect(answer.document.events.every((e) => e.frameUrl === 'https://ads.example.net/f')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
