/**
 * What Product Fruits is known to emit, in one table: the events its modules' `listen` API gives
 * (domain.md §2) and, for each, the name PF sends to analytics tools such as Segment.
 *
 * Verified rows come from PF's published "list of supported events" (the help article's table;
 * a copy is on Heap's help center, "Product Fruits integration"): the v2 announcements events,
 * whose data is the item `id`. The tour, checklist and survey rows could not be checked against
 * that table and are marked unverified; the correlator then also learns the pairing at run time
 * (a track that follows a PF callback in the same task) and the link view says which it used.
 * Unknown names are still recorded (forwardEvent passes every raw name).
 */
import { PF_LISTEN_EVENTS, type PfListenModule } from './listenEvents';

export interface PfEventRow {
  /** the module whose `listen` gives it, or "analytics" for raw forwardEvent names only */
  module: string;
  /** the PF event name: a `listen` name (kebab-case) or a raw forwardEvent name (snake_case) */
  pf: string;
  /** the event name PF sends to Segment for it; null when no name is known (a guess from the words is tried) */
  segment: string | null;
  /** true: from PF's published table; false: believed, not checked */
  verified: boolean;
  /** a `listen` event the hook subscribes to (raw analytics names arrive through forwardEvent) */
  listen: boolean;
}

const row = (module: string, pf: string, segment: string | null, verified: boolean, listen: boolean): PfEventRow => ({ module, pf, segment, verified, listen });

/**
 * What PF sends to Segment for each `listen` event (listenEvents.ts), null when no name is known.
 * None is in PF's published table: all are believed, not checked. Typed so that every listen event
 * has its entry and nothing else does.
 */
const LISTEN_SEGMENT_NAMES: { [M in PfListenModule]: Record<(typeof PF_LISTEN_EVENTS)[M][number], string | null> } = {
  tours: { 'tour-finished': 'Tour Finished', 'tour-skipped': 'Tour Skipped', 'tour-advanced': 'Tour Advanced', 'tour-card-completed': 'Tour Card Completed' },
  checklists: { 'item-launched': 'Checklist Item Launched', 'item-completed': 'Checklist Item Completed', 'checklist-dismissed': 'Checklist Dismissed' },
  announcementsV2: { 'newsfeed-unread-count-changed': null, 'announcement-opened': null },
  surveys: { 'survey-closed': 'Survey Closed', 'survey-finished': 'Survey Finished' },
  inAppCenter: { opened: null, closed: null },
};

const LISTEN_ROWS: PfEventRow[] = (Object.keys(PF_LISTEN_EVENTS) as PfListenModule[]).flatMap((module) =>
  PF_LISTEN_EVENTS[module].map((pf) => row(module, pf, (LISTEN_SEGMENT_NAMES[module] as Record<string, string | null>)[pf] ?? null, false, true)));

export const PF_EVENTS: readonly PfEventRow[] = [
  ...LISTEN_ROWS,
  // PF's published table, v2 announcements: event name sent to analytics ← raw name.
  row('analytics', 'announcements_banner_action_consumed', 'Announcements Banner Action Consumed', true, false),
  row('analytics', 'announcements_banner_dismissed', 'Announcements Banner Dismissed', true, false),
  row('analytics', 'announcements_banner_opened', 'Announcements Banner Opened', true, false),
  row('analytics', 'announcements_newsitem_action_consumed', 'Announcements Newsfeed Item Consumed', true, false),
  row('analytics', 'announcements_popup_action_consumed', 'Announcements Popup Action Consumed', true, false),
  row('analytics', 'announcements_popup_dismissed', 'Announcements Popup Dismissed', true, false),
  row('analytics', 'announcements_popup_opened', 'Announcements Popup Opened', true, false),
];

const BY_PF_NAME: ReadonlyMap<string, PfEventRow> = new Map(PF_EVENTS.map((r) => [r.pf, r]));

/** The table's row for a PF event name, if it has one. */
export function pfEventRow(pfEvent: string): PfEventRow | undefined {
  return BY_PF_NAME.get(pfEvent);
}

/**
 * The Segment name PF is expected to send for a PF event: the table's, else the raw name's words
 * in Title Case (a guess, treated as unverified).
 */
export function segmentNameFor(pfEvent: string): string {
  const known = BY_PF_NAME.get(pfEvent)?.segment;
  if (known) return known;
  return pfEvent
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
