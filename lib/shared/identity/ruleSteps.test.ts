import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { makeVerdict } from '../../../tests/support/sessionFactory';
import { judgeIdentity } from './matchIdentity';
import { buildPfUserIndex } from './pfUserIndex';
import { ruleSteps } from './ruleSteps';

const identify = { type: 'identify', userId: '42', anonymousId: 'anon-1', email: 'ann@example.com' };

describe('ruleSteps', () => {
  it('stops at step 1 when the email matched', () => {
    const steps = ruleSteps(identify, makeVerdict({ rule: 'email' }), DEFAULT_ASSUMPTIONS);
    expect(steps.map((s) => s.outcome)).toEqual(['found', 'not-reached', 'not-reached']);
    expect(steps[0]!.detail).toBe("'ann@example.com' matches email 'ann@example.com' of PF user '42'");
  });

  it('shows the values compared when the username matched', () => {
    const steps = ruleSteps(identify, makeVerdict({ rule: 'username' }), DEFAULT_ASSUMPTIONS);
    expect(steps.map((s) => [s.outcome, s.detail])).toEqual([
      ['not-found', "no known PF user has email 'ann@example.com'"],
      ['found', "userId '42' matches username '42'"],
      ['not-reached', 'an existing user was matched'],
    ]);
  });

  it('skips what the event lacks and names the user PF creates', () => {
    const bare = { type: 'identify', userId: null, anonymousId: 'anon-1', email: undefined };
    const steps = ruleSteps(bare, makeVerdict({ rule: 'new-user', pfUser: null }), { ...DEFAULT_ASSUMPTIONS, newUserUsername: 'anonymousId' });
    expect(steps.map((s) => [s.outcome, s.detail])).toEqual([
      ['skipped', 'the event has no email at traits.email'],
      ['skipped', 'userId is null, which never matches a username'],
      ['creates', "PF creates user 'anon-1' (from anonymousId) with email null"],
    ]);
  });

  it('reads a track email from context.traits', () => {
    const track = { type: 'track', userId: 7, anonymousId: undefined, email: undefined };
    const steps = ruleSteps(track, makeVerdict({ rule: 'new-user', pfUser: null }), DEFAULT_ASSUMPTIONS);
    expect(steps[0]!.detail).toBe('the event has no email at context.traits.email');
    expect(steps[1]!.detail).toBe('no known PF user has username 7');
  });

  it('comes with every judgement: the steps the engine took, the same as drawn from its verdict', () => {
    const page = { username: 42, email: 'Ann@Example.com' };
    const index = buildPfUserIndex([], [{ at: '', via: 'init', user: page, afterSeq: 0 }]);
    for (const input of [identify, { ...identify, userId: 42 }, { ...identify, email: 'ann@example.com ' }]) {
      const { verdict, steps } = judgeIdentity(input, index, page, DEFAULT_ASSUMPTIONS);
      expect(steps).toEqual(ruleSteps(input, verdict, DEFAULT_ASSUMPTIONS));
    }
    const { steps } = judgeIdentity({ ...identify, userId: 42 }, index, page, DEFAULT_ASSUMPTIONS);
    expect(steps.map((s) => s.outcome)).toEqual(['not-found', 'found', 'not-reached']);
  });
});
