/**
 * UI state of the panel (selection, filters, list behaviour, detail tab). Free of `browser`
 * imports: the entrypoint passes a `persist` callback that writes preferences to extension
 * storage, and the initial preferences it read back, so the store stays testable anywhere.
 */
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { DeliveryStatus, EventSource } from '../../lib/shared/vocabulary';
import {
  EMPTY_FILTER,
  deserializeFilter,
  serializeFilter,
  type EventFilter,
  type PersistedFilter,
} from '../../lib/extension-pages/panel/filter';
import type { TimeMode } from '../../lib/extension-pages/panel/time';

export type DetailTab = 'called' | 'built' | 'sent' | 'delivery' | 'identity' | 'link' | 'webhook';
/** The panel body: the event list with its detail, or the session's identity page. */
export type PanelView = 'events' | 'identity';

/** What survives a panel reload; JSON-safe. */
export interface PanelPrefs {
  filter: PersistedFilter;
  timeMode: TimeMode;
}

export interface PanelState {
  selectedId: string | null;
  /** the detail pane shows the selected event; otherwise it shows the page overview */
  detailOpen: boolean;
  filter: EventFilter;
  /** keep the newest event in view; turned off when the user scrolls up */
  followTail: boolean;
  timeMode: TimeMode;
  detailTab: DetailTab;
  view: PanelView;
  /** typed webhook secret; memory only (never in PanelPrefs), null until the user types one */
  webhookSecret: string | null;
  webhookUrl: string;

  select: (id: string, open?: boolean) => void;
  openDetail: () => void;
  clearSelection: () => void;
  setSearchText: (text: string) => void;
  toggleSource: (source: EventSource) => void;
  toggleType: (type: string) => void;
  toggleStatus: (status: DeliveryStatus) => void;
  toggleHasFindings: () => void;
  resetFilter: () => void;
  setFollowTail: (follow: boolean) => void;
  setTimeMode: (mode: TimeMode) => void;
  setDetailTab: (tab: DetailTab) => void;
  setView: (view: PanelView) => void;
  /** from the identity page: open the event in the list and stop following new ones so it stays in view */
  showEvent: (id: string) => void;
  setWebhookSecret: (secret: string) => void;
  setWebhookUrl: (url: string) => void;
}

export type PanelStore = StoreApi<PanelState>;

export interface PanelStoreOptions {
  /** called whenever filters or time mode change */
  persist?: (prefs: PanelPrefs) => void;
  /** what `persist` stored last time, as read back from storage (validated here) */
  initialPrefs?: unknown;
}

export function createPanelStore({ persist, initialPrefs }: PanelStoreOptions = {}): PanelStore {
  const prefs = readPrefs(initialPrefs);
  const store = createStore<PanelState>()((set) => ({
    selectedId: null,
    detailOpen: false,
    filter: prefs.filter,
    followTail: true,
    timeMode: prefs.timeMode,
    detailTab: 'called',
    view: 'events',
    webhookSecret: null,
    webhookUrl: '',

    select: (id, open) => set((s) => ({ selectedId: id, detailOpen: open ?? s.detailOpen })),
    openDetail: () => set((s) => ({ detailOpen: s.selectedId !== null })),
    clearSelection: () => set({ selectedId: null, detailOpen: false }),
    setSearchText: (text) => set((s) => ({ filter: { ...s.filter, text } })),
    toggleSource: (source) => set((s) => ({ filter: { ...s.filter, sources: toggled(s.filter.sources, source) } })),
    toggleType: (type) => set((s) => ({ filter: { ...s.filter, types: toggled(s.filter.types, type) } })),
    toggleStatus: (status) => set((s) => ({ filter: { ...s.filter, statuses: toggled(s.filter.statuses, status) } })),
    toggleHasFindings: () => set((s) => ({ filter: { ...s.filter, hasFindings: !s.filter.hasFindings } })),
    resetFilter: () => set({ filter: EMPTY_FILTER }),
    setFollowTail: (followTail) => set({ followTail }),
    setTimeMode: (timeMode) => set({ timeMode }),
    setDetailTab: (detailTab) => set({ detailTab }),
    setView: (view) => set({ view }),
    showEvent: (id) => set({ selectedId: id, detailOpen: true, view: 'events', followTail: false }),
    setWebhookSecret: (webhookSecret) => set({ webhookSecret }),
    setWebhookUrl: (webhookUrl) => set({ webhookUrl }),
  }));

  if (persist) {
    store.subscribe((state, previous) => {
      if (state.filter !== previous.filter || state.timeMode !== previous.timeMode) {
        persist({ filter: serializeFilter(state.filter), timeMode: state.timeMode });
      }
    });
  }
  return store;
}

/** Adding to a set; removing the last member means "no filter" again (null), not "match nothing". */
function toggled<T>(set: Set<T> | null, item: T): Set<T> | null {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next.size > 0 ? next : null;
}

function readPrefs(stored: unknown): { filter: EventFilter; timeMode: TimeMode } {
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  return {
    filter: deserializeFilter(s.filter),
    timeMode: s.timeMode === 'absolute' ? 'absolute' : 'relative',
  };
}

export const PanelStoreContext = createContext<PanelStore | null>(null);

export function usePanelStore<T>(selector: (state: PanelState) => T): T {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('usePanelStore needs a PanelStoreContext provider (PanelApp sets one up)');
  return useStore(store, selector);
}
