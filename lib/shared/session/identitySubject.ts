/**
 * The one subject every identity view judges: the latest identify of a document (the identity the
 * app most recently told Segment; without an identify, the latest judged event), named by its `#`,
 * with exactly the PF users it was judged against, each labelled with where it came from. The
 * headline, the rule path, the what-if and the event's Identity tab all draw from here, so they
 * cannot tell different stories.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import { show } from '../identity/describe';
import { importedCount, type ImportedUsersInput } from '../identity/importedUsers';
import { judgeIdentity, type Judgement } from '../identity/matchIdentity';
import { knownPfUser, type KnownPfUser, type PfUserIndex } from '../identity/pfUserIndex';
import { sameUser } from '../identity/resolveIdentity';
import { SessionVerdictFold } from '../identity/sessionVerdicts';
import { subjectLabel } from '../identity/sessionStatus';
import type { PfUser, PfUserChange, PfUserRef } from '../identity/schema';
import type { WebhookIdentity } from '../identity/webhookIdentity';
import type { SessionDocument, SessionEvent } from './schema';

/** What one event was judged against. */
export interface JudgementContext {
  identity: WebhookIdentity;
  pageUser: PfUser | null;
  /** the page's users and the ones earlier events create, in the order they became known */
  knownUsers: readonly KnownPfUser[];
  /** rows of the imported PF users list (not listed one by one: there can be a million) */
  importedCount: number;
  /** the replay's index as it stood before the event (nothing is pushed after it) */
  index: PfUserIndex;
}

export interface EventJudgement {
  context: JudgementContext;
  judgement: Judgement;
}

export interface IdentitySubject extends EventJudgement {
  event: SessionEvent;
  /** "Latest identify #7" */
  label: string;
}

/** The PF user timeline a document was judged with; a file without one had its user from the start. */
export function documentTimeline(doc: SessionDocument): PfUserChange[] {
  return doc.productFruits.userTimeline ?? (doc.productFruits.user ? [{ at: doc.exportedAt, via: 'init', user: doc.productFruits.user, afterSeq: 0 }] : []);
}

/** The latest judged identify; without one, the latest judged event (as the status light picks it). */
export function subjectEvent(events: readonly SessionEvent[]): SessionEvent | null {
  let latest: SessionEvent | null = null;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (!event.verdict || event.source !== 'segment') continue;
    if (event.type === 'identify') return event;
    latest ??= event;
  }
  return latest;
}

/** Replays the document up to `event` and judges it against what the replay knew then. */
export function eventJudgement(
  doc: SessionDocument,
  event: SessionEvent,
  importedUsers: ImportedUsersInput,
  assumptions: IdentityAssumptions,
): EventJudgement | null {
  if (!event.verdict) return null;
  const fold = new SessionVerdictFold(documentTimeline(doc), importedUsers, assumptions);
  const earlier = doc.events.filter((e) => e.seq < event.seq).sort((a, b) => a.seq - b.seq);
  for (const e of earlier) fold.push(e);
  const { identity, pageUser, index } = fold.contextBefore(event);
  const judgement = judgeIdentity(identity, index, pageUser, assumptions);
  return { context: { identity, pageUser, knownUsers: index.added(), importedCount: importedCount(importedUsers), index }, judgement };
}

export function identitySubject(doc: SessionDocument, importedUsers: ImportedUsersInput, assumptions: IdentityAssumptions): IdentitySubject | null {
  const event = subjectEvent(doc.events);
  const judged = event && eventJudgement(doc, event, importedUsers, assumptions);
  if (!event || !judged) return null;
  return { event, label: subjectLabel(event), ...judged };
}

/** Where a known PF user came from, as the views say it. */
export function knownUserSource(user: KnownPfUser, pageUser: PfUser | null): string {
  if (user.origin === 'import') return 'the imported list';
  if (user.origin === 'webhook') return user.createdBy ? `created by event #${user.createdBy.seq}` : 'created by an earlier event';
  return pageUser && sameUser(user, knownPfUser(pageUser, 'page')) ? "the page's PF user" : 'set by the page at another time';
}

export function knownUserText(user: KnownPfUser | PfUserRef): string {
  return `username ${show(user.username)}, email ${show(user.email)}`;
}

/** The known user a verdict landed on, or null when it is a row of the imported list (or none). */
export function matchedKnownUser(pfUser: PfUserRef | null, knownUsers: readonly KnownPfUser[]): KnownPfUser | null {
  if (!pfUser) return null;
  for (let i = knownUsers.length - 1; i >= 0; i--) {
    const user = knownUsers[i]!;
    const username = user.username === null ? null : String(user.username);
    if (username === pfUser.username && user.email === pfUser.email) return user;
  }
  return null;
}
