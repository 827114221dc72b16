/**
 * The verdict for one event: where PF's matching rule sends it, whether that is the person the
 * page shows, what is wrong or fragile about it, and which assumptions that rests on.
 */
import type { PfUser, Verdict } from './schema';
import { assumptionSentences, type AssumptionName, type IdentityAssumptions } from './assumptions';
import { eventFindings } from './eventFindings';
import type { PfUserIndex } from './pfUserIndex';
import { presentUserId, resolveIdentity, sameUser, type Resolution } from './resolveIdentity';
import { ruleSteps, type RuleStep } from './ruleSteps';
import type { WebhookIdentity } from './webhookIdentity';

export { webhookIdentityOf, type WebhookIdentity } from './webhookIdentity';

function assumptionsReliedOn(r: Resolution, typeMismatch: boolean): AssumptionName[] {
  const names: AssumptionName[] = ['eventTypesRead'];
  if (typeof r.input.email === 'string') names.push('emailCaseInsensitive', 'emailTrimmed');
  const userId = presentUserId(r.input.userId);
  if (userId === null && r.rule !== 'email') names.push('nullUserIdSkipsUsernameRule');
  if (typeof userId === 'number' || typeMismatch) names.push('numberIdsMatchText');
  if (r.rule === 'new-user') names.push('newUserUsername');
  return names;
}

export interface Judgement {
  verdict: Verdict;
  /** the rule's three steps as the engine took them, for the views that draw them */
  steps: RuleStep[];
}

// Sentences depend only on the assumptions object, which stays the same for a whole session.
const sentencesOf = new WeakMap<IdentityAssumptions, Record<AssumptionName, string>>();

function sentencesFor(assumptions: IdentityAssumptions): Record<AssumptionName, string> {
  let sentences = sentencesOf.get(assumptions);
  if (!sentences) {
    sentences = assumptionSentences(assumptions);
    sentencesOf.set(assumptions, sentences);
  }
  return sentences;
}

function verdictOf(input: WebhookIdentity, index: PfUserIndex, pageUser: PfUser | null, assumptions: IdentityAssumptions): Verdict {
  const r = resolveIdentity(input, index, pageUser, assumptions);
  const findings = eventFindings(r);
  const sentences = sentencesFor(assumptions);
  const verdict: Verdict = {
    rule: r.rule,
    pfUser: r.user && {
      username: r.user.username === null ? null : String(r.user.username),
      email: r.user.email,
    },
    samePersonAsPage: r.page === null ? null : sameUser(r.user, r.page),
    findings,
    assumptions: assumptionsReliedOn(r, findings.some((f) => f.code === 'user-id-type-mismatch')).map((name) => sentences[name]),
  };
  return verdict;
}

export function judgeIdentity(
  input: WebhookIdentity,
  index: PfUserIndex,
  pageUser: PfUser | null,
  assumptions: IdentityAssumptions,
): Judgement {
  const verdict = verdictOf(input, index, pageUser, assumptions);
  return { verdict, steps: ruleSteps(input, verdict, assumptions) };
}

export function matchIdentity(
  input: WebhookIdentity,
  index: PfUserIndex,
  pageUser: PfUser | null,
  assumptions: IdentityAssumptions,
): Verdict {
  return verdictOf(input, index, pageUser, assumptions);
}
