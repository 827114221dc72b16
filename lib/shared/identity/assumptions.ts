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

export type AssumptionName = keyof IdentityAssumptions;

interface AssumptionEntry<K extends AssumptionName> {
  default: IdentityAssumptions[K];
  /** the plain sentence a verdict quotes for the value it relied on */
  sentence(value: IdentityAssumptions[K]): string;
  same(a: IdentityAssumptions[K], b: IdentityAssumptions[K]): boolean;
}

const flag = (whenTrue: string, whenFalse: string, byDefault: boolean): AssumptionEntry<AssumptionName> & { default: boolean } => ({
  default: byDefault,
  sentence: (value) => (value ? whenTrue : whenFalse),
  same: (a, b) => a === b,
});

/**
 * Every assumption, once: its default, its sentence and how two values compare. A new assumption
 * is one entry here (and a field of IdentityAssumptions); defaults, sentences and "is this the
 * default?" follow from the table.
 */
const ASSUMPTIONS: { [K in AssumptionName]: AssumptionEntry<K> } = {
  emailCaseInsensitive: flag('email compared ignoring letter case', 'email compared case-sensitively', false),
  emailTrimmed: flag('email compared after trimming surrounding whitespace', 'email compared without trimming whitespace', false),
  nullUserIdSkipsUsernameRule: flag(
    'a null or missing userId never matches a username',
    'a null or missing userId matches a PF user without a username',
    true,
  ),
  numberIdsMatchText: flag(
    "a numeric userId or username matches its text form (42 matches '42')",
    "userId compared with username including its type (42 does not match '42')",
    false,
  ),
  newUserUsername: {
    default: 'userId',
    sentence: (value) => `a PF user created from a webhook event gets username = ${value}`,
    same: (a, b) => a === b,
  },
  eventTypesRead: {
    default: Object.freeze(['identify', 'track', 'page', 'screen', 'group']),
    sentence: (value) =>
      value.length === 0 ? 'Product Fruits reads no Segment event types' : `Product Fruits reads these Segment event types: ${value.join(', ')}`,
    // The order of the list means nothing to PF.
    same: (a, b) => a.length === b.length && a.every((t) => b.includes(t)),
  },
};

const NAMES = Object.keys(ASSUMPTIONS) as AssumptionName[];

function mapAssumptions<T>(fn: <K extends AssumptionName>(name: K, entry: AssumptionEntry<K>) => T): Record<AssumptionName, T> {
  return Object.fromEntries(NAMES.map((name) => [name, fn(name, ASSUMPTIONS[name] as AssumptionEntry<typeof name>)])) as Record<AssumptionName, T>;
}

export const DEFAULT_ASSUMPTIONS: IdentityAssumptions = Object.freeze(mapAssumptions((_name, entry) => entry.default) as unknown as IdentityAssumptions);

/** One plain sentence per assumption, keyed so a verdict can quote only the ones it relied on. */
export function assumptionSentences(a: IdentityAssumptions): Record<AssumptionName, string> {
  return mapAssumptions((name, entry) => entry.sentence(a[name]));
}

export function describeAssumptions(a: IdentityAssumptions): string[] {
  return Object.values(assumptionSentences(a));
}

export function isDefaultAssumptions(a: IdentityAssumptions): boolean {
  return NAMES.every((name) => (ASSUMPTIONS[name] as AssumptionEntry<typeof name>).same(a[name], DEFAULT_ASSUMPTIONS[name]));
}
