/**
 * Redaction for sharing a session: emails become stable pseudonyms (one address always gets the
 * same one, in every encoding; addresses that differ only in letter case get pseudonyms that
 * differ the same way), so the redacted file judges exactly like the original. Trait values other
 * than `email`, object arguments of identify/group, and PF user fields other than username and
 * email are replaced by a placeholder, their keys kept. Findings and messages are redacted the
 * same way, since they name the values. `redactForExport` judges both and says what changed.
 */
import { DEPTH_LIMIT, defineData } from '../shared/boundValue';
import { DEFAULT_ASSUMPTIONS } from '../shared/identity/assumptions';
import { rejudgeDocument } from '../shared/session/rejudge';
import type { PfUser, SessionDocument } from '../shared/session/schema';

/**
 * An email as a URL or payload may carry it: `@` plain or percent-encoded once or more (`%40`,
 * `%2540`), `+` `.` `-` `_` in the local part likewise (`%2B`, `%252B`). Other encoded
 * characters end the address, so `?u%3Dann%40x.com` keeps its `u%3D`.
 */
const ENC = '%(?:25)*';
const EMAIL = new RegExp(`((?:[A-Za-z0-9._+-]|${ENC}(?:2[BbEeDd]|5[Ff]))+)(@|${ENC}40)((?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,})`, 'g');
const ENCODED = new RegExp(`${ENC}([0-9A-Fa-f]{2})`, 'g');
/** The redaction walk's own bound, deeper than anything the capture or an import keeps (boundValue.ts): cut rather than recursed. */
export const MAX_WALK_DEPTH = 256;
export const REDACTED = '[redacted]';
export const PSEUDONYM_DOMAIN = 'redacted.invalid';
const PSEUDONYM = /person-\d+@redacted\.invalid/gi;

/** `person-N`, with the letters of "person" upper-cased by the bits of `variant` (variant 0: all lower). */
function casedName(n: number, variant: number): string {
  const letters = [...'person'].map((c, i) => ((variant >> i) & 1 ? c.toUpperCase() : c)).join('');
  return variant < 64 ? `${letters}-${n}` : `${letters}-${n}-${variant}`;
}

class Pseudonyms {
  /** by the address lower-cased: its number, and a case variant per spelling (the lower-case one is 0) */
  private readonly byLower = new Map<string, { n: number; spellings: Map<string, number>; next: number }>();

  of(email: string): string {
    const lower = email.toLowerCase();
    let entry = this.byLower.get(lower);
    if (!entry) {
      entry = { n: this.byLower.size + 1, spellings: new Map([[lower, 0]]), next: 1 };
      this.byLower.set(lower, entry);
    }
    let variant = entry.spellings.get(email);
    if (variant === undefined) {
      variant = entry.next++;
      entry.spellings.set(email, variant);
    }
    return `${casedName(entry.n, variant)}@${PSEUDONYM_DOMAIN}`;
  }
}

function redactPfUser(user: PfUser | null): PfUser | null {
  return user && Object.fromEntries(Object.entries(user).map(([k, v]) => [k, k === 'username' || k === 'email' ? v : REDACTED]));
}

export function redactSession(doc: SessionDocument): SessionDocument {
  const pseudonyms = new Pseudonyms();
  // The pseudonym keeps the encoding of its `@`.
  const replace = (_match: string, local: string, at: string, domain: string) => {
    const [name, host] = pseudonyms.of(`${local.replace(ENCODED, (_e, hex: string) => String.fromCharCode(parseInt(hex, 16)))}@${domain}`).split('@');
    return `${name}${at}${host}`;
  };
  /** Traits keep their keys; only `email` keeps its (pseudonymised) value, which the webhook reads. */
  const traits = (value: object, depth: number): unknown => {
    if (Array.isArray(value)) return REDACTED;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineData(out, k, k === 'email' ? walk(v, k, depth + 1) : REDACTED);
    return out;
  };
  const walk = (value: unknown, key: string | null, depth: number): unknown => {
    if (typeof value === 'string') return value.replace(EMAIL, replace);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_WALK_DEPTH) return DEPTH_LIMIT;
    if (key === 'traits') return traits(value, depth);
    if (Array.isArray(value)) return value.map((v) => walk(v, null, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) defineData(out, k, walk(v, k, depth + 1));
    return out;
  };
  const out = walk(doc, null, 0) as SessionDocument;
  for (const [i, event] of out.events.entries()) {
    if (event.type === 'identify' || event.type === 'group') {
      const original = doc.events[i]!.args;
      event.args = original.map((a) => (a !== null && typeof a === 'object' ? traits(a, 1) : walk(a, null, 1)));
    }
  }
  out.productFruits.user = redactPfUser(out.productFruits.user);
  for (const change of out.productFruits.userTimeline ?? []) change.user = redactPfUser(change.user);
  return out;
}

/** What a verdict says, without the sentences (which name the redacted values). */
function verdictShape(event: SessionDocument['events'][number]): string {
  const v = event.verdict;
  if (!v) return '';
  return JSON.stringify([v.rule, v.samePersonAsPage, v.findings.map((f) => `${f.code}:${f.severity}`)]);
}

/** The `#` of every event whose verdict differs between the two documents, each judged afresh. */
export function verdictsThatDiffer(original: SessionDocument, redacted: SessionDocument): number[] {
  const a = rejudgeDocument(original, [], DEFAULT_ASSUMPTIONS).document.events;
  const b = rejudgeDocument(redacted, [], DEFAULT_ASSUMPTIONS).document.events;
  return a.filter((event, i) => verdictShape(event) !== verdictShape(b[i]!)).map((event) => event.seq);
}

export interface RedactedExport {
  document: SessionDocument;
  /** events whose verdict redaction changed (empty: the file judges exactly like the original) */
  changedVerdicts: number[];
}

/** The redacted file, checked: if redaction changed a verdict, the file says so in a page finding. */
export function redactForExport(doc: SessionDocument): RedactedExport {
  const document = redactSession(doc);
  const changedVerdicts = verdictsThatDiffer(doc, document);
  if (changedVerdicts.length > 0) {
    document.diagnostics = [
      ...document.diagnostics,
      {
        code: 'redaction-changed-verdicts',
        severity: 'warning',
        message: `Redaction changed the identity verdict of event(s) ${changedVerdicts.map((n) => `#${n}`).join(', ')}: judge the original file for these.`,
      },
    ];
  }
  return { document, changedVerdicts };
}

export interface RedactionSummary {
  pseudonyms: number;
  removedValues: number;
}

/** What redaction removed from a file, or null when the file was not redacted. */
export function redactionSummary(doc: SessionDocument): RedactionSummary | null {
  const seen = new Set<string>();
  let removed = 0;
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'string') {
      if (value === REDACTED) removed += 1;
      else for (const [m] of value.matchAll(PSEUDONYM)) seen.add(m.toLowerCase());
      return;
    }
    if (value === null || typeof value !== 'object' || depth >= MAX_WALK_DEPTH) return;
    for (const v of Array.isArray(value) ? value : Object.values(value)) visit(v, depth + 1);
  };
  visit({ page: doc.page, events: doc.events, productFruits: doc.productFruits }, 0);
  return seen.size === 0 && removed === 0 ? null : { pseudonyms: seen.size, removedValues: removed };
}
