/**
 * The panel's views that its first paint does not show: an open event's detail (JSON viewer,
 * Webhook tab), the page overview, and the Identity view (with the users import). Each is its own
 * chunk; `preloadPanelViews` fetches them all once the list is on screen.
 */
import { lazyView } from './lazyView';

export const LazyEventDetail = lazyView(() => import('./EventDetail').then((m) => m.EventDetail));
export const LazyPageOverview = lazyView(() => import('./PageOverview').then((m) => m.PageOverview));
export const LazyIdentityPane = lazyView(() => import('./IdentityPane').then((m) => m.IdentityPane));

export function preloadPanelViews(): Promise<unknown> {
  return Promise.all([LazyEventDetail.preload(), LazyPageOverview.preload(), LazyIdentityPane.preload()]);
}
