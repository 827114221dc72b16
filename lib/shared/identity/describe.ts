/** Wording shared by findings: values are quoted the way a support engineer would paste them. */
import type { KnownPfUser } from './pfUserIndex';

/** 'text' for strings, bare numbers, so 42 and '42' read differently in a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'missing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

export function userLabel(user: KnownPfUser): string {
  return user.username !== null ? show(user.username) : `without username (email ${show(user.email)})`;
}

export function looksLikeEmail(value: unknown): boolean {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value.trim());
}
