/**
 * How Product Fruits matches a webhook event to a PF user is only partly documented (domain.md §1).
 * Every detail we could not verify is one named switch here, defaulting to the strictest reading,
 * so a verdict can say what it rests on and a support engineer can flip a switch when PF confirms.
 */

export type NewUserUsernameSource = 'userId' | 'anonymousId';

export interface IdentityAssumptions {
  /** PF compares emails ignoring letter case. */
  emailCaseInsensitive: boolean;
  /** PF trims surrounding whitespace before comparing emails. */
  emailTrimmed: boolean;
  /** A null or missing userId never matches rule 2; when false it matches a PF user without a username. */
  nullUserIdSkipsUsernameRule: boolean;
  /** A numeric userId or username matches its text form (42 matches '42'). */
  numberIdsMatchText: boolean;
  /** Which event field becomes the username of a PF user created by rule 3. */
  newUserUsername: NewUserUsernameSource;
  /** Segment event types PF processes from the webhook. */
  eventTypesRead: readonly string[];
}

export const DEFAULT_ASSUMPTIONS: IdentityAssumptions = Object.freeze({
  emailCaseInsensitive: false,
  emailTrimmed: false,
  nullUserIdSkipsUsernameRule: true,
  numberIdsMatchText: false,
  newUserUsername: 'userId',
  eventTypesRead: Object.freeze(['identify', 'track', 'page', 'screen', 'group']),
});

export type AssumptionName = keyof IdentityAssumptions;

/** One plain sentence per assumption, keyed so a verdict can quote only the ones it relied on. */
export function assumptionSentences(a: IdentityAssumptions): Record<AssumptionName, string> {
  return {
    emailCaseInsensitive: a.emailCaseInsensitive
      ? 'email compared ignoring letter case'
      : 'email compared case-sensitively',
    emailTrimmed: a.emailTrimmed
      ? 'email compared after trimming surrounding whitespace'
      : 'email compared without trimming whitespace',
    nullUserIdSkipsUsernameRule: a.nullUserIdSkipsUsernameRule
      ? 'a null or missing userId never matches a username'
      : 'a null or missing userId matches a PF user without a username',
    numberIdsMatchText: a.numberIdsMatchText
      ? "a numeric userId or username matches its text form (42 matches '42')"
      : "userId compared with username including its type (42 does not match '42')",
    newUserUsername: `a PF user created from a webhook event gets username = ${a.newUserUsername}`,
    eventTypesRead:
      a.eventTypesRead.length === 0
        ? 'Product Fruits reads no Segment event types'
        : `Product Fruits reads these Segment event types: ${a.eventTypesRead.join(', ')}`,
  };
}

export function describeAssumptions(a: IdentityAssumptions): string[] {
  return Object.values(assumptionSentences(a));
}
