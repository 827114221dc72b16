/**
 * The what-if editor's logic: the values it starts from (the session's subject, the latest
 * identify) and the judgement of edited values against the same known PF users the subject was
 * judged against, with the typed PF user standing in for the page's.
 */
import type { IdentityAssumptions } from '../../shared/identity/assumptions';
import { judgeIdentity, type Judgement } from '../../shared/identity/matchIdentity';
import { buildPfUserIndex, knownPfUser, type KnownPfUser } from '../../shared/identity/pfUserIndex';
import { sameUser } from '../../shared/identity/resolveIdentity';
import type { ImportedUsersInput } from '../../shared/identity/importedUsers';
import type { WebhookIdentity } from '../../shared/identity/webhookIdentity';
import type { IdentitySubject } from '../../shared/session/identitySubject';
import type { PfUser } from '../../shared/session/schema';

export interface WhatIfValues {
  segmentUserId: string;
  segmentEmail: string;
  pfUsername: string;
  pfEmail: string;
}

export const EMPTY_WHAT_IF: WhatIfValues = { segmentUserId: '', segmentEmail: '', pfUsername: '', pfEmail: '' };

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The subject's own values: what it sent and the page's PF user at that moment. */
export function subjectValues(subject: IdentitySubject | null): WhatIfValues {
  if (!subject) return EMPTY_WHAT_IF;
  const { identity, pageUser } = subject.context;
  return {
    segmentUserId: asText(identity.userId),
    segmentEmail: asText(identity.email),
    pfUsername: asText(pageUser?.username),
    pfEmail: asText(pageUser?.email),
  };
}

export function sameValues(a: WhatIfValues, b: WhatIfValues): boolean {
  return a.segmentUserId === b.segmentUserId && a.segmentEmail === b.segmentEmail && a.pfUsername === b.pfUsername && a.pfEmail === b.pfEmail;
}

/** An empty field means "not sent", as identify(traits) sends userId null. */
function identityOf(values: WhatIfValues, base: Pick<WebhookIdentity, 'type' | 'anonymousId'>): WebhookIdentity {
  return {
    type: base.type,
    userId: values.segmentUserId === '' ? null : values.segmentUserId,
    anonymousId: base.anonymousId,
    email: values.segmentEmail === '' ? undefined : values.segmentEmail,
  };
}

export function pageUserOf(values: WhatIfValues): PfUser | null {
  if (values.pfUsername === '' && values.pfEmail === '') return null;
  return { username: values.pfUsername === '' ? null : values.pfUsername, email: values.pfEmail === '' ? null : values.pfEmail };
}

/**
 * The subject's known users with the page's user replaced by the typed one (the page sets one PF
 * user; the typed user is that user), plus the typed user itself.
 */
export function whatIfKnownUsers(subject: IdentitySubject | null, page: PfUser | null): KnownPfUser[] {
  const original = subject?.context.pageUser ? knownPfUser(subject.context.pageUser, 'page') : null;
  const users = (subject?.context.knownUsers ?? []).filter((u) => !(u.origin === 'page' && original && sameUser(u, original)));
  return page ? [...users, knownPfUser(page, 'page')] : users;
}

/** null: nothing to judge (no subject and nothing typed). */
export function judgeWhatIf(
  values: WhatIfValues,
  subject: IdentitySubject | null,
  importedUsers: ImportedUsersInput,
  assumptions: IdentityAssumptions,
): Judgement | null {
  if (subject && sameValues(values, subjectValues(subject))) return subject.judgement;
  if (!subject && sameValues(values, EMPTY_WHAT_IF)) return null;
  const page = pageUserOf(values);
  const index = buildPfUserIndex(importedUsers);
  for (const user of whatIfKnownUsers(subject, page)) index.add(user);
  const base = subject?.context.identity ?? { type: 'identify', anonymousId: undefined };
  return judgeIdentity(identityOf(values, base), index, page, assumptions);
}
