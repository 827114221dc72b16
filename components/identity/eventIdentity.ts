/**
 * The identity PF's webhook would read from one captured or pasted event: the network payload
 * first (exactly what the webhook receives), then the built event, then the raw call arguments.
 */
import { webhookIdentityFromArgs, webhookIdentityOf, type WebhookIdentity } from '../../lib/identity/webhookIdentity';
import type { SessionEvent } from '../../lib/session/schema';

export function eventIdentity(event: SessionEvent): WebhookIdentity {
  const payload = event.sent ?? event.built;
  if (payload == null) return webhookIdentityFromArgs(event.type, event.args);
  const identity = webhookIdentityOf(payload);
  return identity.type === '' ? { ...identity, type: event.type } : identity;
}

/** The latest identify that has a verdict: the identity the app most recently told Segment. */
export function latestJudgedIdentify(events: readonly SessionEvent[]): SessionEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.source === 'segment' && event.type === 'identify' && event.verdict) return event;
  }
  return null;
}
