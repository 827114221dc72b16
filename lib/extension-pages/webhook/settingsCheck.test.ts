import { describe, expect, it } from 'vitest';
import { webhookSignature } from './preview';
import { checkReceivedSignature, webhookFieldWarnings } from './settingsCheck';

const URL_ = 'https://api.productfruits.com/webhooks/segment/abc';

describe('webhookFieldWarnings', () => {
  it('says nothing for an https URL and a plain secret', () => {
    expect(webhookFieldWarnings(URL_, 's3cr3t-value')).toEqual([]);
    expect(webhookFieldWarnings('', '')).toEqual([]);
  });

  it('warns about both fields when they are swapped', () => {
    const warnings = webhookFieldWarnings('s3cr3t-value', URL_);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/does not hold a URL/);
    expect(warnings[1]).toMatch(/Shared Secret field holds a URL/);
  });

  it('warns about an http URL', () => {
    expect(webhookFieldWarnings('http://example.com/hook', 'x')).toEqual(['The Webhook URL is not an https URL: PF gives an https:// address.']);
  });
});

describe('checkReceivedSignature', () => {
  const body = '{"type":"identify","userId":"ann"}';
  it('says which value signed the body', async () => {
    expect(await checkReceivedSignature(body, await webhookSignature('s3cr3t', body), 's3cr3t', URL_)).toBe('secret');
    expect(await checkReceivedSignature(body, (await webhookSignature(URL_, body)).toUpperCase(), 's3cr3t', URL_)).toBe('swapped');
    expect(await checkReceivedSignature(body, 'deadbeef', 's3cr3t', URL_)).toBe('neither');
  });
});
