import { describe, expect, it } from 'vitest';
import { makeEvent, makeIdentify, makeSession } from '../../../tests/support/sessionFactory';
import { identityTimeline } from './identityTimeline';

describe('identityTimeline', () => {
  it('merges Segment identity calls and PF user changes by time', () => {
    const doc = makeSession({
      events: [
        makeIdentify(1, '42'),
        makeEvent(2),
        makeEvent(3, { type: 'reset', name: null, args: [], built: null, sent: null }),
        makeEvent(5, { type: 'alias', name: null, args: ['43'], built: null, sent: null }),
      ],
      productFruits: {
        ...makeSession().productFruits,
        userTimeline: [
          // Same second as event 3; placed after it by afterSeq.
          { at: makeEvent(3).capturedAt, via: 'updateUserData', user: null, afterSeq: 3 },
          { at: '2026-11-29T17:59:00.000Z', via: 'init', user: { username: 42, email: 'ann@example.com' }, afterSeq: 0 },
        ],
      },
    });
    expect(identityTimeline(doc).map((e) => [e.side, e.label])).toEqual([
      ['pf', "init: username 42, email 'ann@example.com'"],
      ['segment', "identify userId '42', email 'ann@example.com'"],
      ['segment', 'reset()'],
      ['pf', 'updateUserData: no user'],
      ['segment', "alias '43'"],
    ]);
    expect(identityTimeline(doc)[1]).toMatchObject({ eventId: 'e-1' });
  });
});
