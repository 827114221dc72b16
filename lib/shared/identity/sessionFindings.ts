/**
 * The wording of the findings a session replay makes about the order of events (rather than about
 * one event's identity): resets the page's PF user outlives, userIds changed without a reset,
 * identifies sent before the page had a PF user, tracks sent before anyone was identified.
 */
import type { Finding, JudgedEvent, PfUser } from './schema';
import type { IdentityAssumptions } from './assumptions';
import { show } from './describe';
import { matchIdentity } from './matchIdentity';
import type { PfUserIndex } from './pfUserIndex';
import type { WebhookIdentity } from './webhookIdentity';

function pfUserLabel(user: PfUser): string {
  return show(user.username);
}

export function resetFinding(event: JudgedEvent, pfUser: PfUser): Finding {
  return {
    code: 'reset-while-pf-keeps-user',
    severity: 'warning',
    message: `analytics.reset() was called (event ${event.id}) but the page kept Product Fruits user ${pfUserLabel(pfUser)}; PF keeps showing that user's content and attributes it to them until the page sets the next user.`,
  };
}

export function userIdChangedFinding(from: string | number, to: string | number): Finding {
  return {
    code: 'user-id-changed-without-reset',
    severity: 'warning',
    message: `Segment userId changed from ${show(from)} to ${show(to)} without analytics.reset(); Segment keeps the previous user's anonymousId and traits (including any email), so the webhook can send one person's email with another's userId.`,
  };
}

export function identifyBeforePfUser(
  identity: WebhookIdentity,
  index: PfUserIndex,
  upcoming: PfUser,
  assumptions: IdentityAssumptions,
): Finding {
  const later = matchIdentity(identity, index, upcoming, assumptions);
  const who = `identify (userId ${show(identity.userId)}) was sent before the page set its Product Fruits user ${pfUserLabel(upcoming)}`;
  return later.samePersonAsPage
    ? {
        code: 'identify-before-pf-user',
        severity: 'warning',
        message: `${who}; it resolves to that user, but only if PF has the user by the time the webhook arrives, otherwise PF creates it from the event.`,
      }
    : {
        code: 'identify-before-pf-user',
        severity: 'error',
        message: `${who}, and it does not resolve to that user even once it exists (${later.rule === 'new-user' ? 'PF would create a new user' : `it lands on ${show(later.pfUser?.username ?? later.pfUser?.email)}`}).`,
      };
}

export function unidentifiedTracksFinding(count: number, first: JudgedEvent): Finding {
  const name = first.name === null ? '' : ` ${show(first.name)}`;
  return {
    code: 'track-from-unidentified-user',
    severity: 'warning',
    message: `${count} track call(s) (first:${name} event ${first.id}) were sent before any identify, without a userId, so PF's webhook cannot tie them to a Product Fruits user.`,
  };
}
