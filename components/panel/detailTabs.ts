/** The detail pane's tabs, apart from the pane itself: the panel's keys step through them before it loads. */
import type { SessionEvent } from '../../lib/shared/session/schema';
import type { DetailTab } from './store';

export const DETAIL_TABS: { id: DetailTab; label: string }[] = [
  { id: 'called', label: 'Called' },
  { id: 'built', label: 'Built' },
  { id: 'sent', label: 'Sent' },
  { id: 'delivery', label: 'Delivery' },
  { id: 'identity', label: 'Identity' },
  { id: 'link', label: 'Link' },
  { id: 'webhook', label: 'Webhook' },
];

/** Only Segment events reach PF's webhook, so other events have no Webhook tab. */
export function detailTabsFor(event: SessionEvent): DetailTab[] {
  return DETAIL_TABS.filter(({ id }) => id !== 'webhook' || event.source === 'segment').map(({ id }) => id);
}
