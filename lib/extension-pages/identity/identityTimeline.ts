/**
 * How the identity changed on both sides during a session: Segment identify/alias/reset calls and
 * the PF user the page set, in one list by time, so "who was signed in when" reads top to bottom.
 */
import { show } from '../../shared/identity/describe';
import type { PfUser, SessionDocument } from '../../shared/session/schema';
import { eventIdentity } from '../../shared/identity/webhookIdentity';

export type TimelineEntry =
  | { side: 'segment'; at: string; eventId: string; label: string }
  | { side: 'pf'; at: string; label: string };

const IDENTITY_CALLS = new Set(['identify', 'alias', 'reset']);

function pfLabel(via: string, user: PfUser | null): string {
  if (user === null) return `${via}: no user`;
  const email = user.email === undefined ? '' : `, email ${show(user.email)}`;
  return `${via}: username ${show(user.username)}${email}`;
}

function segmentLabel(type: string, identity: ReturnType<typeof eventIdentity>, args: readonly unknown[]): string {
  if (type === 'reset') return 'reset()';
  if (type === 'alias') return `alias ${show(args[0])}`;
  const email = identity.email === undefined ? '' : `, email ${show(identity.email)}`;
  return `identify userId ${show(identity.userId)}${email}`;
}

export function identityTimeline(doc: SessionDocument): TimelineEntry[] {
  // Position in capture order breaks ties between equal times: a PF change sits after event afterSeq.
  const keyed: { entry: TimelineEntry; time: number; position: number }[] = [];
  for (const event of doc.events) {
    if (event.source !== 'segment' || !IDENTITY_CALLS.has(event.type)) continue;
    const entry: TimelineEntry = { side: 'segment', at: event.capturedAt, eventId: event.id, label: segmentLabel(event.type, eventIdentity(event), event.args) };
    keyed.push({ entry, time: Date.parse(event.capturedAt), position: event.seq });
  }
  for (const change of doc.productFruits.userTimeline ?? []) {
    const entry: TimelineEntry = { side: 'pf', at: change.at, label: pfLabel(change.via, change.user) };
    keyed.push({ entry, time: Date.parse(change.at), position: change.afterSeq + 0.5 });
  }
  const time = (t: number) => (Number.isNaN(t) ? Infinity : t);
  return keyed.sort((a, b) => time(a.time) - time(b.time) || a.position - b.position).map((k) => k.entry);
}
