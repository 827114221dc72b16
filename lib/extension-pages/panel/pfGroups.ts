/**
 * One PF action, one row group. PF reports an action twice (its module's `listen` callback,
 * `tour-finished`, and `forwardEvent`, `tour_finished`) and then sends one Segment track for it;
 * the session document links each PF event to that track (`pfLink`, lib/shared/pf/correlate.ts).
 * Here the events sharing a track, or PF events of one kind with no track, become one group,
 * and the list rows are folded so a group shows as its first PF event with the rest beneath it.
 */
import type { EventSummary } from '../../shared/session/summary';
import { segmentNameFor } from '../../shared/pf/catalogue';
import type { ListRow } from './rows';

/** PF's two reports of one action (listen and forwardEvent) arrive in the same task; this is generous. */
const SAME_ACTION_MS = 2000;

export interface PfGroup {
  /** the first PF event's id: the group's head row */
  id: string;
  /** the PF events of the action, in capture order */
  pfEvents: EventSummary[];
  /** the Segment track PF sent for it; null when none was linked */
  track: EventSummary | null;
}

/** One chip and one label per kind: `tour-finished` and `tour_finished` are the same kind. */
export function pfKind(type: string): string {
  const words = segmentNameFor(type).toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Event id → its group, for every PF event and every track a PF event is linked to. */
export function pfGroups(events: readonly EventSummary[]): Map<string, PfGroup> {
  const byId = new Map(events.map((event) => [event.id, event]));
  const byTrack = new Map<string, PfGroup>();
  const groupOf = new Map<string, PfGroup>();
  let lastUnsent: PfGroup | null = null;
  for (const event of events) {
    if (event.source !== 'productfruits') continue;
    const linked = event.pfLink ? byId.get(event.pfLink.eventId) : undefined;
    const track = linked && linked.source === 'segment' ? linked : null;
    let group: PfGroup | undefined = track ? byTrack.get(track.id) : lastUnsent !== null && sameAction(lastUnsent, event) ? lastUnsent : undefined;
    if (!group) {
      group = { id: event.id, pfEvents: [], track };
      if (track) byTrack.set(track.id, group);
      else lastUnsent = group;
    }
    group.pfEvents.push(event);
    groupOf.set(event.id, group);
    if (track) groupOf.set(track.id, group);
  }
  return groupOf;
}

function sameAction(group: PfGroup, event: EventSummary): boolean {
  const first = group.pfEvents[0]!;
  return (
    pfKind(first.type) === pfKind(event.type) &&
    first.name === event.name &&
    Math.abs(Date.parse(event.capturedAt) - Date.parse(first.capturedAt)) <= SAME_ACTION_MS
  );
}

/** Did the action reach Segment: a linked track that a library built or that went over the network. */
export function reachedSegment(group: PfGroup): boolean {
  return group.track !== null && group.track.sentOrBuilt === true;
}

/** "PF Tour finished (tour 1) → Segment track 'Tour Finished' · delivered 200" or "… → ✗ not sent to Segment". */
export function describePfGroup(group: PfGroup): string {
  const first = group.pfEvents[0]!;
  const itemKind = first.pfModule ? singular(first.pfModule) : '';
  const item = first.name !== null ? ` (${itemKind ? `${itemKind} ` : ''}${first.name})` : '';
  const head = `PF ${pfKind(first.type)}${item}`;
  if (!reachedSegment(group)) return `${head} → ✗ not sent to Segment`;
  const track = group.track!;
  const delivery = track.delivery ? ` · ${track.delivery.status}${track.delivery.httpStatus !== null ? ` ${track.delivery.httpStatus}` : ''}` : '';
  return `${head} → Segment track '${track.name ?? ''}'${delivery}`;
}

/** `tours` → `tour`; `analytics` (forwardEvent) names no item kind. */
function singular(module: string): string {
  if (module === 'analytics' || module === 'inAppCenter') return '';
  return module.replace(/V\d+$/, '').replace(/s$/, '');
}

export type GroupPlace = { role: 'head'; group: PfGroup; expanded: boolean; members: number } | { role: 'member'; group: PfGroup };

export type PanelRow = Exclude<ListRow, { kind: 'event' }> | { kind: 'event'; key: string; event: EventSummary; group: GroupPlace | null };

/**
 * Folds the visible rows: a group with a visible PF event shows as a head row (its first visible
 * PF event) and, when expanded, its other visible events right beneath it; a track whose PF events
 * are all filtered away stays a plain row.
 */
export function foldPfGroups(rows: readonly ListRow[], groups: ReadonlyMap<string, PfGroup>, expanded: ReadonlySet<string>): PanelRow[] {
  const visible = new Map<PfGroup, EventSummary[]>();
  for (const row of rows) {
    if (row.kind !== 'event') continue;
    const group = groups.get(row.event.id);
    if (!group) continue;
    const members = visible.get(group) ?? [];
    members.push(row.event);
    visible.set(group, members);
  }
  const out: PanelRow[] = [];
  const placed = new Set<PfGroup>();
  for (const row of rows) {
    if (row.kind !== 'event') {
      out.push(row);
      continue;
    }
    const group = groups.get(row.event.id);
    const members = group && visible.get(group);
    if (!group || !members || !members.some((e) => e.source === 'productfruits')) {
      out.push({ ...row, group: null });
      continue;
    }
    if (placed.has(group)) continue;
    placed.add(group);
    const head = members.find((e) => e.source === 'productfruits')!;
    const open = expanded.has(group.id);
    out.push({ kind: 'event', key: `e:${head.id}`, event: head, group: { role: 'head', group, expanded: open, members: members.length } });
    if (!open) continue;
    for (const member of members) {
      if (member !== head) out.push({ kind: 'event', key: `e:${member.id}`, event: member, group: { role: 'member', group } });
    }
  }
  return out;
}
