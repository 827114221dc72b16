/**
 * The background's document fold against a whole rebuild: after any sequence of batches (calls,
 * built events that arrive late and may change an identity, network sends and their answers,
 * PF users and PF events near tracks, navigations), DocumentCache gives the document
 * toSessionDocument builds from scratch, and a follower that merges only the deltas holds the
 * same events.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaptureEnvelope, CaptureRecord } from '../shared/captureEnvelope';
import { mergeSessionDelta, toSessionDelta, type FollowedSession, type SessionAnswer } from '../shared/follow';
import { DEFAULT_SETTINGS, type Settings } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import type { SessionDocument } from '../shared/session/schema';
import { toSessionDocument } from './document';
import { DocumentCache } from './documentCache';
import { applyEnvelope, newTabSession, type EnvelopeSender } from './tabSession';

const users = ['u1', 'u2', 'u3', ''];
const emails = ['a@x.com', 'A@x.com ', 'b@x.com', undefined];
const names = ['Tour Finished', 'Clicked', 'Checklist Item Launched', 'Saved'];
const pfTypes = ['tour-finished', 'survey-shown', 'checklist-item-launched', 'banner-shown'];

type Op =
  | { op: 'call'; method: 'track' | 'identify' | 'page' | 'reset'; name: number; user: number; email: number; dt: number }
  | { op: 'built'; back: number; user: number; email: number }
  | { op: 'send'; back: number; rid: number; user: number; email: number }
  | { op: 'answer'; rid: number; ok: boolean }
  | { op: 'pf-user'; user: number; email: number }
  | { op: 'pf-event'; type: number; dt: number };

const index = fc.integer({ min: 0, max: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('call' as const), method: fc.constantFrom('track' as const, 'identify' as const, 'page' as const, 'reset' as const), name: index, user: index, email: index, dt: fc.integer({ min: 0, max: 1500 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('built' as const), back: fc.integer({ min: 0, max: 6 }), user: index, email: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('send' as const), back: fc.integer({ min: 0, max: 6 }), rid: fc.integer({ min: 0, max: 2 }), user: index, email: index }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('answer' as const), rid: fc.integer({ min: 0, max: 2 }), ok: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pf-user' as const), user: index, email: index }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pf-event' as const), type: index, dt: fc.integer({ min: 0, max: 30 }) }) },
);
/** A batch: its records, and whether the top frame navigated to another document before it. */
const batches = fc.array(fc.record({ navigate: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 5, arbitrary: fc.constant(false) }), ops: fc.array(op, { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 14 });

function run(steps: { navigate: boolean; ops: Op[] }[], settings: Settings, check: (incremental: SessionAnswer, full: SessionAnswer, follower: FollowedSession) => void): void {
  const session = newTabSession(1);
  const documents = new DocumentCache();
  let follower: FollowedSession | null = null;
  let cid = 0;
  let at = 1_700_000_000_000;
  let doc = 1;
  const identity = (user: number, email: number) => ({ userId: users[user] || null, traits: emails[email] === undefined ? {} : { email: emails[email] } });
  steps.forEach((step, batch) => {
    if (step.navigate) doc++;
    const records: CaptureRecord[] = step.ops.map((o): CaptureRecord => {
      switch (o.op) {
        case 'call': {
          at += o.dt;
          const { userId, traits } = identity(o.user, o.email);
          const args = o.method === 'track' ? [names[o.name], {}] : o.method === 'identify' ? [userId, traits] : o.method === 'page' ? [] : [];
          return { kind: 'call', cid: ++cid, at, source: 'segment', method: o.method, args, via: 'instance', globalName: 'analytics' };
        }
        case 'built': {
          const target = Math.max(1, cid - o.back);
          const { userId, traits } = identity(o.user, o.email);
          return { kind: 'built', cid: target, built: { type: 'identify', userId, traits, anonymousId: 'anon', messageId: `m-${target}` }, messageId: `m-${target}` };
        }
        case 'send': {
          const target = Math.max(1, cid - o.back);
          const { userId, traits } = identity(o.user, o.email);
          return { kind: 'network', rid: o.rid, at, url: 'https://api.segment.io/v1/batch', transport: 'fetch', status: 'pending', httpStatus: null, error: null, events: [{ messageId: `m-${target}`, type: 'identify', payload: { type: 'identify', userId, traits, messageId: `m-${target}` } }] };
        }
        case 'answer':
          return { kind: 'network', rid: o.rid, at, url: 'https://api.segment.io/v1/batch', transport: 'fetch', status: o.ok ? 'delivered' : 'failed', httpStatus: o.ok ? 200 : 500, error: null, events: [] };
        case 'pf-user':
          return { kind: 'pf-user', at, via: 'init', user: { username: users[o.user] || null, email: emails[o.email] ?? null } } as CaptureRecord;
        case 'pf-event':
          return { kind: 'pf-event', cid: ++cid, at: at + o.dt, module: 'tours', event: pfTypes[o.type]!, args: [7] } as CaptureRecord;
      }
    });
    const envelope: CaptureEnvelope = { tag: ENVELOPE_TAG, instance: `doc-${doc}`, batch, url: 'https://app.example.com/', title: 'App', top: true, records };
    const sender: EnvelopeSender = { top: true, document: `doc-${doc}`, url: envelope.url, seq: batch };
    applyEnvelope(session, envelope, settings, sender);
    const incremental = documents.get(session, settings);
    const full = toSessionDocument(session, { now: new Date(incremental.document.exportedAt), settings });
    // As the panel follows: ask from its revision, then for the next pages of a large answer.
    const since = follower && { epoch: follower.epoch, rev: follower.rev };
    let answer = toSessionDelta(documents.followed(1), incremental, since, 5);
    follower = mergeSessionDelta(follower, answer);
    while (answer.delta.nextSeq !== null) {
      answer = toSessionDelta(documents.followed(1), incremental, { ...(since ?? { epoch: '', rev: 0 }), afterSeq: answer.delta.nextSeq }, 5);
      follower = mergeSessionDelta(follower, { ...answer, delta: { ...answer.delta, full: false } });
    }
    check(incremental, full, follower);
  });
}

describe('the document fold', () => {
  it('equals a whole rebuild after any sequence of batches, and so does a follower of its deltas', () => {
    fc.assert(
      fc.property(batches, fc.boolean(), (steps, preserveLog) => {
        run(steps, { ...DEFAULT_SETTINGS, preserveLog }, (incremental, full, follower) => {
          expect(incremental).toEqual(full);
          expect(follower.document.events).toEqual(full.document.events);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('with events evicted at the limit, keeps the same events and links as a rebuild, and the follower keeps up', () => {
    fc.assert(
      fc.property(batches, (steps) => {
        run(steps, { ...DEFAULT_SETTINGS, limit: 6 }, (incremental, full, follower) => {
          // The fold keeps what it judged from evicted events (PF's webhook saw them); a rebuild has only what is held.
          const plain = (d: SessionDocument) => d.events.map(({ verdict: _v, ...e }) => e);
          expect(plain(incremental.document)).toEqual(plain(full.document));
          expect(follower.document.events).toEqual(incremental.document.events);
        });
      }),
      { numRuns: 200 },
    );
  });
});
