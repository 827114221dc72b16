/**
 * The two settings of Segment's Webhooks destination that customers swap (domain.md: "easy to swap
 * in Segment's form"): a warning per field that holds the wrong kind of value, and a check of a
 * signature PF received against the secret and against the swapped value.
 */
import { webhookSignature } from './preview';

function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim()) || /^www\./i.test(text.trim());
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text.trim()).protocol === 'https:';
  } catch {
    return false;
  }
}

export function webhookFieldWarnings(url: string, secret: string): string[] {
  const warnings: string[] = [];
  if (url.trim() !== '' && !isHttpsUrl(url)) {
    warnings.push(
      looksLikeUrl(url)
        ? 'The Webhook URL is not an https URL: PF gives an https:// address.'
        : "The Webhook URL field does not hold a URL: is this PF's Webhook Secret? The two are easily swapped in Segment's form.",
    );
  }
  if (looksLikeUrl(secret)) {
    warnings.push("The Shared Secret field holds a URL: that is PF's Webhook URL. Put it in the Webhook URL field and the Webhook Secret here.");
  }
  return warnings;
}

export type SignatureCheck = 'secret' | 'swapped' | 'neither';

/** Which value signed `body`: the secret field, the URL field (the two swapped), or neither. */
export async function checkReceivedSignature(body: string, signature: string, secret: string, url: string): Promise<SignatureCheck> {
  const wanted = signature.trim().toLowerCase().replace(/^sha1=/, '');
  if (secret !== '' && (await webhookSignature(secret, body)) === wanted) return 'secret';
  if (url !== '' && (await webhookSignature(url, body)) === wanted) return 'swapped';
  return 'neither';
}

export const SIGNATURE_CHECK_TEXT: Record<SignatureCheck, string> = {
  secret: 'Signed with the Shared Secret: the settings are right.',
  swapped: 'Signed with the value in the Webhook URL field: the URL and the secret are swapped in Segment. Swap them back.',
  neither: 'Signed with neither value: the secret in Segment is not the one typed here, or the body was changed (paste the raw body exactly as received).',
};
