/**
 * PF's matching rule drawn as the three steps it takes for one event (domain.md §1), each with the
 * values it compared, so a support engineer sees where the event stopped and why. Derived from
 * the verdict the engine produced, never re-decided here.
 */
import type { IdentityAssumptions } from './assumptions';
import { show } from './describe';
import { newPfUserFrom, presentUserId } from './resolveIdentity';
import type { WebhookIdentity } from './webhookIdentity';
import type { Verdict } from './schema';

export type StepOutcome = 'found' | 'not-found' | 'skipped' | 'not-reached' | 'creates';

export interface RuleStep {
  title: string;
  outcome: StepOutcome;
  detail: string;
}

function emailStep(identity: WebhookIdentity, verdict: Verdict): RuleStep {
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

function usernameStep(identity: WebhookIdentity, verdict: Verdict, a: IdentityAssumptions): RuleStep {
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

function newUserStep(identity: WebhookIdentity, verdict: Verdict, a: IdentityAssumptions): RuleStep {
  const title = 'Create a new PF user';
  if (verdict.rule !== 'new-user') return { title, outcome: 'not-reached', detail: 'an existing user was matched' };
  const created = newPfUserFrom(identity, a);
  return {
    title,
    outcome: 'creates',
    detail: `PF creates user ${show(created.username ?? null)} (from ${a.newUserUsername}) with email ${show(created.email)}`,
  };
}

export function rulePath(identity: WebhookIdentity, verdict: Verdict, assumptions: IdentityAssumptions): RuleStep[] {
  return [emailStep(identity, verdict), usernameStep(identity, verdict, assumptions), newUserStep(identity, verdict, assumptions)];
}
