/**
 * What Segment's Webhooks destination would POST to Product Fruits for a captured event
 * (docs: domain.md §4), so a support engineer can compare it with what PF received or replay it.
 */
import { isRecord } from '../../shared/values';

export interface WebhookBody {
  body: Record<string, unknown>;
  /** Dotted paths of fields the client did not send: Segment's servers add them (or we estimated them). */
  serverAdded: string[];
}

/** Client-only fields that the tracking API consumes and does not forward to destinations. */
const CLIENT_ONLY_FIELDS = ['writeKey', '_metadata'] as const;
/** The client's IP is only known to Segment's servers; this marks where it would be. */
export const PLACEHOLDER_IP = '0.0.0.0';

/**
 * @param built the event analytics.js built (always available)
 * @param sent the same event as it went over the network, when the request was seen: preferred,
 *   because it is what Segment actually received (e.g. `track` loses `traits` on the way)
 */
export function buildWebhookBody(
  built: Record<string, unknown>,
  sent: Record<string, unknown> | null,
  now: Date,
): WebhookBody {
  const body = structuredClone(sent ?? built);
  for (const field of CLIENT_ONLY_FIELDS) delete body[field];
  const serverAdded: string[] = [];
  const nowIso = now.toISOString();

  body.receivedAt = nowIso;
  serverAdded.push('receivedAt');
  if (body.timestamp !== undefined) {
    body.originalTimestamp = body.timestamp;
    serverAdded.push('originalTimestamp');
  }
  if (typeof body.sentAt !== 'string') {
    // Only the network request carries sentAt (and a batch carries it once, outside the event).
    body.sentAt = nowIso;
    serverAdded.push('sentAt');
  }
  const context = isRecord(body.context) ? body.context : {};
  body.context = context;
  // A client may set context.ip itself; Segment then keeps it.
  if (context.ip === undefined) {
    context.ip = PLACEHOLDER_IP;
    serverAdded.push('context.ip');
  }
  return { body, serverAdded };
}

/** The `X-Signature` header Segment sends when the destination has a shared secret: hex HMAC-SHA1 of the raw body. */
export async function webhookSignature(secret: string, rawBody: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, encoder.encode(rawBody));
  let hex = '';
  for (const byte of new Uint8Array(mac)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A command that replays the webhook from a POSIX shell, byte for byte. */
export function curlCommand(url: string, rawBody: string, signature: string | null): string {
  const lines = [`curl -X POST ${shellQuote(url)}`, `-H ${shellQuote('Content-Type: application/json')}`];
  if (signature !== null) lines.push(`-H ${shellQuote(`X-Signature: ${signature}`)}`);
  lines.push(`--data-raw ${shellQuote(rawBody)}`);
  return lines.join(' \\\n  ');
}

/** Single quotes keep everything literal in sh; a quote itself is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
