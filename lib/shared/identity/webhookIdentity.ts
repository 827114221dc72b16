/**
 * The identity fields PF's webhook reads from one Segment event (domain.md §1): userId,
 * anonymousId and the email at the path the webhook uses — `traits.email` on identify,
 * `context.traits.email` on every other call.
 */

import { isRecord, readProp as field } from '../values';
import type { JudgedEvent } from './schema';

export interface WebhookIdentity {
  type: string;
  userId: unknown;
  anonymousId: unknown;
  /** The email at the path the webhook reads; undefined when absent. */
  email: unknown;
  /** `properties.email`: apps put it there, but the webhook does not read it. */
  emailInProperties?: unknown;
}

/** Sets `into` to the identity of a built (analytics-next) or sent (network payload) event object. */
function readPayloadIdentity(into: WebhookIdentity, built: unknown): void {
  const type = field(built, 'type');
  into.type = typeof type === 'string' ? type : '';
  into.userId = field(built, 'userId');
  into.anonymousId = field(built, 'anonymousId');
  into.email = type === 'identify' ? field(field(built, 'traits'), 'email') : field(field(field(built, 'context'), 'traits'), 'email');
  into.emailInProperties = field(field(built, 'properties'), 'email');
}

function blankIdentity(): WebhookIdentity {
  return { type: '', userId: undefined, anonymousId: undefined, email: undefined, emailInProperties: undefined };
}

/** From a built (analytics-next) or sent (network payload) event object. */
export function webhookIdentityOf(built: unknown): WebhookIdentity {
  const identity = blankIdentity();
  readPayloadIdentity(identity, built);
  return identity;
}

/** Snippet 5.x appends this page-context object to calls; it is never a user argument. */
function isPageContextMarker(value: unknown): boolean {
  return field(value, '__t') === 'bpc';
}

/**
 * When the built event was not seen, rebuild what we can from the raw call arguments.
 * identify(userId?, traits?, options?): identify(traits) sends userId null (domain.md §3).
 * Other calls carry the stored userId, which only the caller knows (`storedUserId`);
 * their email can only come from options `{ traits: { email } }`, which becomes `context.traits`.
 */
function webhookIdentityFromArgs(
  type: string,
  rawArgs: readonly unknown[],
  storedUserId: unknown = null,
): WebhookIdentity {
  const args = rawArgs.filter((a) => !isPageContextMarker(a));
  if (type === 'identify') {
    const [first, second] = args;
    const hasId = typeof first === 'string' || typeof first === 'number';
    const traits = isRecord(first) ? first : hasId || first == null ? second : undefined;
    return { type, userId: hasId ? first : null, anonymousId: undefined, email: field(traits, 'email') };
  }
  const options = args.find((a) => isRecord(a) && isRecord(a.traits));
  return {
    type,
    userId: storedUserId,
    anonymousId: undefined,
    email: field(field(options, 'traits'), 'email'),
    emailInProperties: type === 'track' ? field(args[1], 'email') : undefined,
  };
}

/**
 * The identity PF's webhook would read from one captured or pasted event: the network payload
 * first (exactly what the webhook receives), then the built event, then the raw call arguments
 * (with the userId Segment last stored, for calls that do not name one).
 */
export function eventIdentity(event: Pick<JudgedEvent, 'type' | 'sent' | 'built' | 'args'>, storedUserId?: unknown): WebhookIdentity {
  return readEventIdentity(blankIdentity(), event, storedUserId);
}

/**
 * `eventIdentity` written into `into` and returned: a fold that reads every event of a session
 * reuses one object instead of allocating one per event. Whoever keeps the identity copies it.
 */
export function readEventIdentity(
  into: WebhookIdentity,
  event: Pick<JudgedEvent, 'type' | 'sent' | 'built' | 'args'>,
  storedUserId?: unknown,
): WebhookIdentity {
  const payload = event.sent ?? event.built;
  if (payload == null) {
    const fromArgs = webhookIdentityFromArgs(event.type, event.args, storedUserId);
    into.type = fromArgs.type;
    into.userId = fromArgs.userId;
    into.anonymousId = fromArgs.anonymousId;
    into.email = fromArgs.email;
    into.emailInProperties = fromArgs.emailInProperties;
    return into;
  }
  readPayloadIdentity(into, payload);
  if (into.type === '') into.type = event.type;
  return into;
}
