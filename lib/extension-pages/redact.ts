/**
 * Redaction for sharing a session: emails become stable pseudonyms (the same address always gets
 * the same one, so "these two are the same person" survives); every `traits` object, the traits
 * passed to identify/group, and PF user fields other than username and email are replaced.
 * Findings and messages are redacted the same way, since they name the values.
 */
import type { PfUser, SessionDocument } from '../shared/session/schema';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
export const REDACTED_TRAITS = '[redacted traits]';

export function redactSession(doc: SessionDocument): SessionDocument {
  const pseudonyms = new Map<string, string>();
  const pseudonym = (email: string) => {
    let p = pseudonyms.get(email);
    if (!p) {
      p = `person-${pseudonyms.size + 1}@redacted.invalid`;
      pseudonyms.set(email, p);
    }
    return p;
  };
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') return value.replace(EMAIL, pseudonym);
    if (value === null || typeof value !== 'object') return value;
    if (key === 'traits' && !Array.isArray(value)) return REDACTED_TRAITS;
    if (Array.isArray(value)) return value.map((v) => walk(v, null));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
    return out;
  };
  const out = walk(doc, null) as SessionDocument;
  for (const event of out.events) {
    if (event.type === 'identify' || event.type === 'group') {
      event.args = event.args.map((a) => (a !== null && typeof a === 'object' ? REDACTED_TRAITS : a));
    }
  }
  const redactPfUser = (user: PfUser | null): PfUser | null =>
    user && Object.fromEntries(Object.entries(user).map(([k, v]) => [k, k === 'username' || k === 'email' ? v : '[redacted]']));
  out.productFruits.user = redactPfUser(out.productFruits.user);
  for (const change of out.productFruits.userTimeline ?? []) change.user = redactPfUser(change.user);
  return out;
}
