import { describe, expect, it } from 'vitest';
import { assumptionSentences, DEFAULT_ASSUMPTIONS, isDefaultAssumptions, type IdentityAssumptions } from './assumptions';

/** One value per assumption that differs from its default. */
const CHANGED: { [K in keyof IdentityAssumptions]: IdentityAssumptions[K] } = {
  emailCaseInsensitive: true,
  emailTrimmed: true,
  nullUserIdSkipsUsernameRule: false,
  numberIdsMatchText: true,
  newUserUsername: 'anonymousId',
  eventTypesRead: ['identify'],
};

describe('assumptions table', () => {
  it('treats the event types as a set', () => {
    expect(isDefaultAssumptions({ ...DEFAULT_ASSUMPTIONS, eventTypesRead: [...DEFAULT_ASSUMPTIONS.eventTypesRead].reverse() })).toBe(true);
    expect(isDefaultAssumptions({ ...DEFAULT_ASSUMPTIONS, eventTypesRead: ['identify'] })).toBe(false);
  });

  it.each(Object.keys(CHANGED) as (keyof IdentityAssumptions)[])('notices a change of %s and says it in its sentence', (name) => {
    const changed = { ...DEFAULT_ASSUMPTIONS, [name]: CHANGED[name] };
    expect(isDefaultAssumptions(changed)).toBe(false);
    expect(assumptionSentences(changed)[name]).not.toBe(assumptionSentences(DEFAULT_ASSUMPTIONS)[name]);
  });

  it('has a sentence for every assumption', () => {
    expect(Object.keys(assumptionSentences(DEFAULT_ASSUMPTIONS)).sort()).toEqual(Object.keys(CHANGED).sort());
  });
});
