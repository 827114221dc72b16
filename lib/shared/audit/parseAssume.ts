/**
 * `--assume name=value` (command line) into assumptions: the same switches the panel shows.
 * Booleans take true/false, newUserUsername userId/anonymousId, eventTypesRead a comma list.
 */
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../identity/assumptions';

const BOOLEANS = ['emailCaseInsensitive', 'emailTrimmed', 'nullUserIdSkipsUsernameRule', 'numberIdsMatchText'] as const;

function applyAssumption(a: IdentityAssumptions, spec: string): IdentityAssumptions {
  const at = spec.indexOf('=');
  const name = at === -1 ? spec : spec.slice(0, at);
  const value = at === -1 ? 'true' : spec.slice(at + 1);
  if ((BOOLEANS as readonly string[]).includes(name)) {
    if (value !== 'true' && value !== 'false') throw new Error(`--assume ${name} takes true or false, not ${JSON.stringify(value)}`);
    return { ...a, [name]: value === 'true' };
  }
  if (name === 'newUserUsername') {
    if (value !== 'userId' && value !== 'anonymousId') throw new Error(`--assume newUserUsername takes userId or anonymousId, not ${JSON.stringify(value)}`);
    return { ...a, newUserUsername: value };
  }
  if (name === 'eventTypesRead') return { ...a, eventTypesRead: value.split(',').map((t) => t.trim()).filter((t) => t !== '') };
  throw new Error(`Unknown assumption ${JSON.stringify(name)}: expected one of ${[...BOOLEANS, 'newUserUsername', 'eventTypesRead'].join(', ')}`);
}

export function parseAssumptions(specs: readonly string[]): IdentityAssumptions {
  return specs.reduce(applyAssumption, DEFAULT_ASSUMPTIONS);
}
