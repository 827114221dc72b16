/**
 * A shown time in the panel's one time mode: clock time in the local zone, or seconds from the
 * session's first event; the full instant (local with zone, and UTC ISO) always in the tooltip.
 * Outside a panel (a card rendered on its own) it shows clock time.
 */
import { useContext, useSyncExternalStore } from 'react';
import { formatEventTime, fullTime, type TimeMode } from '../../lib/extension-pages/panel/time';
import { PanelStoreContext, selectJudged, type PanelState } from './store';

const noSubscription = () => () => undefined;

/** The first event's capture time, which the list's relative times count from: the document's, else the live rows'. */
function firstCapturedAt(s: PanelState): string | null {
  const judged = selectJudged(s);
  if (judged) return judged.document.events[0]?.capturedAt ?? null;
  return s.imported ? null : (s.live.rows?.rows[0]?.capturedAt ?? null);
}

function useTimeSettings(): { mode: TimeMode; origin: number | null } {
  const store = useContext(PanelStoreContext);
  const subscribe = store?.subscribe ?? noSubscription;
  const mode = useSyncExternalStore(subscribe, () => store?.getState().timeMode ?? 'absolute');
  const first = useSyncExternalStore(subscribe, () => (store ? firstCapturedAt(store.getState()) : null));
  const origin = first !== null ? Date.parse(first) : NaN;
  return { mode, origin: Number.isNaN(origin) ? null : origin };
}

export function Timestamp({ iso, className }: { iso: string; className?: string }) {
  const { mode, origin } = useTimeSettings();
  return (
    <time className={className} dateTime={iso} title={fullTime(iso)}>
      {formatEventTime(iso, mode, origin)}
    </time>
  );
}

/** What a column of Timestamps is in, for its heading: the zone, or the origin of relative times. */
export function useTimeHeading(zone: string): string {
  const { mode, origin } = useTimeSettings();
  return mode === 'relative' && origin !== null ? 'from the first event' : zone;
}
