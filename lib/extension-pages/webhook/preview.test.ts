import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildWebhookBody, curlCommand, PLACEHOLDER_IP, shellQuote, webhookSignature } from './preview';

const NOW = new Date('2026-03-04T05:06:07.890Z');

const built = {
  type: 'track',
  event: 'Signed Up',
  properties: { plan: 'pro' },
  traits: { email: 'a@b.c' },
  messageId: 'ajs-next-1',
  userId: 'u1',
  anonymousId: 'anon',
  timestamp: '2026-03-04T05:06:00.000Z',
  context: { library: { name: 'analytics.js', version: 'next-1.84.3' }, page: { url: 'https://app/' } },
  integrations: { 'Segment.io': true },
};

/** As analytics-next sends it: no traits on track, plus the client-only fields. */
const sent: Record<string, unknown> = {
  ...built,
  writeKey: 'wk',
  sentAt: '2026-03-04T05:06:01.000Z',
  _metadata: { bundled: ['Segment.io'], unbundled: [] },
};
delete sent.traits;

describe('buildWebhookBody', () => {
  it('starts from the sent payload and adds what Segment servers add', () => {
    const { body, serverAdded } = buildWebhookBody(built, sent, NOW);
    expect(body).toStrictEqual({
      type: 'track',
      event: 'Signed Up',
      properties: { plan: 'pro' },
      messageId: 'ajs-next-1',
      userId: 'u1',
      anonymousId: 'anon',
      timestamp: '2026-03-04T05:06:00.000Z',
      originalTimestamp: '2026-03-04T05:06:00.000Z',
      sentAt: '2026-03-04T05:06:01.000Z',
      receivedAt: '2026-03-04T05:06:07.890Z',
      context: { ...built.context, ip: PLACEHOLDER_IP },
      integrations: { 'Segment.io': true },
    });
    expect(serverAdded).toStrictEqual(['receivedAt', 'originalTimestamp', 'context.ip']);
  });

  it('falls back to the built event and marks the estimated sentAt', () => {
    const { body, serverAdded } = buildWebhookBody(built, null, NOW);
    expect(body.traits).toStrictEqual({ email: 'a@b.c' });
    expect(body.sentAt).toBe(NOW.toISOString());
    expect(serverAdded).toStrictEqual(['receivedAt', 'originalTimestamp', 'sentAt', 'context.ip']);
  });

  it('keeps an ip the client set and creates a missing context', () => {
    const withIp = buildWebhookBody({ ...built, context: { ip: '10.0.0.1' } }, null, NOW);
    expect(withIp.body.context).toStrictEqual({ ip: '10.0.0.1' });
    expect(withIp.serverAdded).not.toContain('context.ip');
    const bare = buildWebhookBody({ type: 'identify', messageId: 'm' }, null, NOW);
    expect(bare.body.context).toStrictEqual({ ip: PLACEHOLDER_IP });
    expect(bare.serverAdded).toStrictEqual(['receivedAt', 'sentAt', 'context.ip']);
    expect(bare.body).not.toHaveProperty('originalTimestamp');
  });

  it('does not mutate its inputs', () => {
    const builtCopy = structuredClone(built);
    const sentCopy = structuredClone(sent);
    buildWebhookBody(built, sent, NOW);
    buildWebhookBody(built, null, NOW);
    expect(built).toStrictEqual(builtCopy);
    expect(sent).toStrictEqual(sentCopy);
  });
});

describe('webhookSignature', () => {
  it('is the hex HMAC-SHA1 of the raw body', async () => {
    const raw = JSON.stringify({ type: 'identify', traits: { email: 'žluťoučký@kůň.cz' } });
    const expected = createHmac('sha1', 'pf-secret').update(raw, 'utf8').digest('hex');
    await expect(webhookSignature('pf-secret', raw)).resolves.toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{40}$/);
  });

  it('matches the RFC 2202 test vector', async () => {
    await expect(webhookSignature('Jefe', 'what do ya want for nothing?')).resolves.toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
  });
});

/** Runs the command in sh with a stand-in curl that prints its arguments NUL-separated. */
function curlArgs(command: string): string[] {
  const script = `curl() { for arg in "$@"; do printf '%s\\0' "$arg"; done; }\n${command}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('curlCommand', () => {
  const hostileBody = `{"name":"O'Brien","cmd":"$(rm -rf /) \`id\` $HOME","multi":"line\none\\n"}\n'end'`;

  it('passes URL, headers and body to curl exactly, through a POSIX shell', () => {
    const url = "https://webhooks.productfruits.com/segment/abc?x=1&y='2'";
    expect(curlArgs(curlCommand(url, hostileBody, 'abc123'))).toStrictEqual([
      '-X',
      'POST',
      url,
      '-H',
      'Content-Type: application/json',
      '-H',
      'X-Signature: abc123',
      '--data-raw',
      hostileBody,
    ]);
  });

  it('leaves the signature header out when there is no secret', () => {
    const command = curlCommand('https://h/', '{}', null);
    expect(command).not.toContain('X-Signature');
    expect(curlArgs(command)).toStrictEqual(['-X', 'POST', 'https://h/', '-H', 'Content-Type: application/json', '--data-raw', '{}']);
  });

  it('closes, escapes and reopens single quotes', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
