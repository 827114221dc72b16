import { describe, expect, it } from 'vitest';
import type { CaptureEnvelope, CaptureRecord } from '../shared/captureEnvelope';
import { verdictsForSession } from '../shared/identity/sessionVerdicts';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { SessionFold } from './sessionFold';
import { applyEnvelope, newTabSession, type TabSession } from './tabSession';

/** The fold as the document fold drives it: told which held events changed since its last update. */
function folded(fold: SessionFold) {
  const seen = new Map<number, number>();
  return (session: TabSession) => {
    const changed = session.events.filter((e) => seen.has(e.seq) && seen.get(e.seq) !== e.rev);
    for (const e of session.events) seen.set(e.seq, e.rev ?? 0);
    return fold.verdicts(session, changed);
  };
}

let batch = 0;
const envelope = (records: CaptureRecord[]): CaptureEnvelope => ({ tag: ENVELOPE_TAG, instance: 'fold', batch: batch++, url: 'http://127.0.0.1/', title: 'T', top: true, records });
const identify = (cid: number, userId: string, email: string): CaptureRecord[] => [
  { kind: 'call', cid, at: 1000 + cid, source: 'segment', method: 'identify', args: [userId, { email }], via: 'instance', globalName: 'analytics' },
  { kind: 'built', cid, built: { type: 'identify', userId, traits: { email }, anonymousId: 'anon' }, messageId: `m-${cid}` },
];

describe('SessionFold', () => {
  it('judges each batch as it arrives, with the same verdicts as judging the whole session again', () => {
    const session = newTabSession(7);
    const fold = new SessionFold();
    const verdicts = folded(fold);
    for (let cid = 1; cid <= 30; cid += 3) {
      applyEnvelope(session, envelope([...identify(cid, `u${cid % 4}`, `U${cid % 4}@x.com`), ...identify(cid + 1, `u${cid % 3}`, `u${cid % 3}@x.com`)]), DEFAULT_SETTINGS);
      const judged = verdicts(session);
      const full = verdictsForSession(session.events, session.meta.productFruits.userTimeline, []);
      expect([...judged.perEvent]).toEqual([...full.perEvent]);
      expect(judged.findings).toEqual(full.findings);
      expect(judged.status).toEqual(full.status);
    }
    expect(fold.restarts).toBe(1);
  });

  it('starts over when a judged event gets another identity, or the page sets a PF user', () => {
    const session = newTabSession(8);
    const fold = new SessionFold();
    const verdicts = folded(fold);
    const [call] = identify(1, 'a', 'a@x.com');
    applyEnvelope(session, envelope([call!]), DEFAULT_SETTINGS);
    verdicts(session);
    applyEnvelope(session, envelope([{ kind: 'built', cid: 1, built: { type: 'identify', userId: 'b', traits: {}, anonymousId: 'x' }, messageId: 'm-1' }]), DEFAULT_SETTINGS);
    expect(verdicts(session).perEvent.get('e-1')?.rule).toBe(verdictsForSession(session.events, [], []).perEvent.get('e-1')?.rule);
    expect(fold.restarts).toBe(2);
    applyEnvelope(session, envelope([{ kind: 'pf-user', at: 2000, via: 'init', user: { username: 'b', email: 'b@x.com' } } as CaptureRecord]), DEFAULT_SETTINGS);
    const judged = verdicts(session);
    expect(fold.restarts).toBe(3);
    expect(judged.perEvent.get('e-1')).toEqual(verdictsForSession(session.events, session.meta.productFruits.userTimeline, []).perEvent.get('e-1'));
  });
});
