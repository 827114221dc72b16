/**
 * PF's matching rule as the three steps the engine took for one event (domain.md §1), each with
 * the values it compared, so a support engineer sees where the event stopped and why. The engine
 * produces them with every verdict (`judgeIdentity`); a verdict read from a document, which keeps
 * no steps (docs/session-format.md), gets them from the same outcome: rule and matched user.
 */
import type { IdentityAssumptions } from './assumptions';
import { show } from './describe';
import { newPfUserFrom, presentUserId, type MatchRule } from './resolveIdentity';
import type { WebhookIdentity } from './webhookIdentity';
import type { PfUserRef } from './schema';

export type StepOutcome = 'found' | 'not-found' | 'skipped' | 'not-reached' | 'creates';

export interface RuleStep {
  title: string;
  outcome: StepOutcome;
  detail: string;
}

/** Where the rule ended for one event: what the steps are drawn from. */
export interface RuleOutcome {
  rule: MatchRule;
  /** the existing user the event updates, as the verdict names it; null for new-user */
  pfUser: PfUserRef | null;
}

function emailStep(identity: WebhookIdentity, verdict: RuleOutcome): RuleStep {
  const title = 'Email → PF email';
  const path = identity.type === 'identify' ? 'traits.email' : 'context.traits.email';
  if (typeof identity.email !== 'string' || identity.email === '') {
    return { title, outcome: 'skipped', detail: `the event has no email at ${path}` };
  }
  if (verdict.rule === 'email') {
    return {
      title,
      outcome: 'found',
      detail: `${show(identity.email)} matches email ${show(verdict.pfUser?.email)} of PF user ${show(verdict.pfUser?.username)}`,
    };
  }
  return { title, outcome: 'not-found', detail: `no known PF user has email ${show(identity.email)}` };
}

function usernameStep(identity: WebhookIdentity, verdict: RuleOutcome, a: IdentityAssumptions): RuleStep {
  const title = 'userId → PF username';
  const userId = presentUserId(identity.userId);
  if (verdict.rule === 'email') return { title, outcome: 'not-reached', detail: 'step 1 already matched' };
  if (verdict.rule === 'username') {
    const compared = userId === null ? `userId ${show(identity.userId)}` : `userId ${show(userId)}`;
    return { title, outcome: 'found', detail: `${compared} matches username ${show(verdict.pfUser?.username)}` };
  }
  if (userId !== null) return { title, outcome: 'not-found', detail: `no known PF user has username ${show(userId)}` };
  return a.nullUserIdSkipsUsernameRule
    ? { title, outcome: 'skipped', detail: `userId is ${show(identity.userId)}, which never matches a username` }
    : { title, outcome: 'not-found', detail: `userId is ${show(identity.userId)} and no known PF user lacks a username` };
}

function newUserStep(identity: WebhookIdentity, verdict: RuleOutcome, a: IdentityAssumptions): RuleStep {
  const title = 'Create a new PF user';
  if (verdict.rule !== 'new-user') return { title, outcome: 'not-reached', detail: 'an existing user was matched' };
  const created = newPfUserFrom(identity, a);
  return {
    title,
    outcome: 'creates',
    detail: `PF creates user ${show(created.username ?? null)} (from ${a.newUserUsername}) with email ${show(created.email)}`,
  };
}

export function ruleSteps(identity: WebhookIdentity, verdict: RuleOutcome, assumptions: IdentityAssumptions): RuleStep[] {
  return [emailStep(identity, verdict), usernameStep(identity, verdict, assumptions), newUserStep(identity, verdict, assumptions)];
}
