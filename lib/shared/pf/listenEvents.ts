/**
 * The events each Product Fruits module's `listen` API gives (domain.md §2): the page hook
 * subscribes to these. Kept apart from the catalogue (catalogue.ts), which says what PF sends to
 * Segment for each, so the page-world script carries the names alone.
 */
export const PF_LISTEN_EVENTS = {
  tours: ['tour-finished', 'tour-skipped', 'tour-advanced', 'tour-card-completed'],
  checklists: ['item-launched', 'item-completed', 'checklist-dismissed'],
  announcementsV2: ['newsfeed-unread-count-changed', 'announcement-opened'],
  surveys: ['survey-closed', 'survey-finished'],
  inAppCenter: ['opened', 'closed'],
} as const satisfies Record<string, readonly string[]>;

export type PfListenModule = keyof typeof PF_LISTEN_EVENTS;
