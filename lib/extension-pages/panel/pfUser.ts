/** How a Product Fruits user reads in one line, the same in the PF card and the list. */
import type { PfUser } from '../../shared/session/schema';

export function describePfUser(user: PfUser | null): string {
  if (!user) return 'user removed';
  return `username ${pfFieldText(user.username)}, email ${pfFieldText(user.email)}`;
}

/** User fields are whatever the page passed; non-strings show as JSON so their type stays visible. */
export function pfFieldText(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
