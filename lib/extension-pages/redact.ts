/**
 * Redaction for sharing a session: emails become stable pseudonyms (the same address always gets
 * the same one, so "these two are the same person" survives); every `traits` object, the traits
 * passed to identify/group, and PF user fields other than username and email are replaced.
 * Findings and messages are redacted the same way, since they name the values.
 */
import { DEPTH_LIMIT, defineData } from '../shared/boundValue';
import type { PfUser, SessionDocument } from '../shared/session/schema';

/**
 * An email as a URL or payload may carry it: `@` plain or percent-encoded once or more (`%40`,
 * `%2540`), `+` `.` `-` `_` in the local part likewise (`%2B`, `%252B`). Other encoded
 * characters end the address, so `?u%3Dann%40x.com` keeps its `u%3D`.
 */
const ENC = '%(?:25)*';
const EMAIL = new RegExp(`((?:[A-Za-z0-9._+-]|${ENC}(?:2[BbEeDd]|5[Ff]))+)(@|${ENC}40)((?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,})`, 'g');
const ENCODED = new RegExp(`${ENC}([0-9A-Fa-f]{2})`, 'g');
/** Deeper than anything the capture or an import keeps (boundValue.ts): cut rather than recursed. */
const MAX_WALK_DEPTH = 256;
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
  // One address gets one pseudonym in every encoding; the pseudonym keeps the encoding of its `@`.
  const replace = (_match: string, local: string, at: string, domain: string) => {
    const [name, host] = pseudonym(`${local.replace(ENCODED, (_e, hex: string) => String.fromCharCode(parseInt(hex, 16)))}@${domain}`).split('@');
    return `${name}${at}${host}`;
  };
  const walk = (value: unknown, key: string | null, depth: number): unknown => {
    if (typeof value === 'string') return value.replace(EMAIL, replace);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_WALK_DEPTH) return DEPTH_LIMIT;
    if (key === 'traits' && !Array.isArray(value)) return REDACTED_TRAITS;
    if (Array.isArray(value)) return value.map((v) => walk(v, null, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineData(out, k, walk(v, k, depth + 1));
    return out;
  };
  const out = walk(doc, null, 0) as SessionDocument;
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
