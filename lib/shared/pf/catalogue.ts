/**
 * What Product Fruits is known to emit. One table, because most of it is unverified
 * (domain.md §2): PF's listen events per module, and the Title Case names PF sends to
 * analytics tools for its raw snake_case analytics events. Unknown names are still recorded
 * (forwardEvent passes every raw name); joining falls back to timing for them.
 */
export const PF_LISTEN_EVENTS: Record<string, readonly string[]> = {
  tours: ['tour-finished', 'tour-skipped', 'tour-advanced', 'tour-card-completed'],
  checklists: ['item-launched', 'item-completed', 'checklist-dismissed'],
  announcementsV2: ['newsfeed-unread-count-changed', 'announcement-opened'],
  surveys: ['survey-closed', 'survey-finished'],
  inAppCenter: ['opened', 'closed'],
};

/** PF event name (listen name or raw forwardEvent name) → the track name PF sends to Segment. */
export const PF_SEGMENT_NAMES: Record<string, string> = {
  'tour-finished': 'Tour Finished',
  'tour-skipped': 'Tour Skipped',
  'tour-advanced': 'Tour Advanced',
  'tour-card-completed': 'Tour Card Completed',
  'item-launched': 'Checklist Item Launched',
  'item-completed': 'Checklist Item Completed',
  'checklist-dismissed': 'Checklist Dismissed',
  'survey-finished': 'Survey Finished',
  'survey-closed': 'Survey Closed',
  announcements_popup_opened: 'Announcements Popup Opened',
  announcements_banner_dismissed: 'Announcements Banner Dismissed',
};

/** Raw snake_case analytics names become Title Case words, as PF does for analytics tools. */
export function segmentNameFor(pfEvent: string): string {
  const known = PF_SEGMENT_NAMES[pfEvent];
  if (known) return known;
  return pfEvent
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
