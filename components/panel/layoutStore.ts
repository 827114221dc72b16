/**
 * The panel's layout, apart from the session data path: column widths and hidden columns, where
 * the splitter between list and detail sits, whether the Filters row is folded (all remembered in
 * the page's localStorage), and the shortcuts overlay (not remembered).
 */
import { createContext, useContext } from 'react';
import * as v from 'valibot';
import { createStore, useStore, type StoreApi } from 'zustand';
import { HIDEABLE_COLUMNS, clampColumnWidth, type HideableColumn } from '../../lib/extension-pages/panel/columns';

const STORAGE_KEY = 'segment-companion:panel-layout';
export const MIN_DETAIL_WIDTH = 240;
export const MIN_LIST_WIDTH = 200;
/** until the splitter is moved: room for the detail's tabs at 700 px, two fifths at 1280 */
export const DEFAULT_DETAIL_WIDTH = 420;

const HIDEABLE = HIDEABLE_COLUMNS.map((c) => c.id);

const RememberedSchema = v.object({
  hidden: v.optional(v.array(v.picklist(HIDEABLE)), []),
  widths: v.optional(v.record(v.string(), v.pipe(v.number(), v.finite())), {}),
  detailWidth: v.optional(v.nullable(v.pipe(v.number(), v.finite())), null),
  filtersOpen: v.optional(v.boolean(), true),
});
type Remembered = v.InferOutput<typeof RememberedSchema>;

export interface LayoutState extends Remembered {
  shortcutsOpen: boolean;
  toggleColumn(id: HideableColumn): void;
  setColumnWidth(id: string, width: number): void;
  /** px; clamped so neither pane gets narrower than it can show */
  setDetailWidth(width: number, panelWidth: number): void;
  toggleFilters(): void;
  setShortcutsOpen(open: boolean): void;
}

export type LayoutStore = StoreApi<LayoutState>;

/** `storage` defaults to the page's localStorage; unreadable or foreign data starts from the defaults. */
export function createLayoutStore(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): LayoutStore {
  const store = createStore<LayoutState>()((set) => ({
    ...read(storage),
    shortcutsOpen: false,
    toggleColumn: (id) => set((s) => ({ hidden: s.hidden.includes(id) ? s.hidden.filter((h) => h !== id) : [...s.hidden, id] })),
    setColumnWidth: (id, width) => set((s) => ({ widths: { ...s.widths, [id]: clampColumnWidth(width) } })),
    setDetailWidth: (width, panelWidth) => set({ detailWidth: clampDetailWidth(width, panelWidth) }),
    toggleFilters: () => set((s) => ({ filtersOpen: !s.filtersOpen })),
    setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  }));
  store.subscribe((s, prev) => {
    if (s.hidden === prev.hidden && s.widths === prev.widths && s.detailWidth === prev.detailWidth && s.filtersOpen === prev.filtersOpen) return;
    const remembered: Remembered = { hidden: s.hidden, widths: s.widths, detailWidth: s.detailWidth, filtersOpen: s.filtersOpen };
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(remembered));
    } catch {
      // A full or disabled storage only costs remembering the layout.
    }
  });
  return store;
}

/** A panel not laid out yet (width 0) bounds the detail only from below. */
export function clampDetailWidth(width: number, panelWidth: number): number {
  const max = panelWidth > 0 ? Math.max(MIN_DETAIL_WIDTH, panelWidth - MIN_LIST_WIDTH) : Infinity;
  return Math.round(Math.min(max, Math.max(MIN_DETAIL_WIDTH, width)));
}

function read(storage: Pick<Storage, 'getItem'> | null): Remembered {
  const fallback = v.parse(RememberedSchema, {});
  try {
    const text = storage?.getItem(STORAGE_KEY);
    if (!text) return fallback;
    const parsed = v.safeParse(RememberedSchema, JSON.parse(text));
    return parsed.success ? parsed.output : fallback;
  } catch {
    return fallback;
  }
}

export const LayoutStoreContext = createContext<LayoutStore | null>(null);

export function useLayout<T>(selector: (state: LayoutState) => T): T {
  return useStore(useLayoutStoreApi(), selector);
}

export function useLayoutStoreApi(): LayoutStore {
  const store = useContext(LayoutStoreContext);
  if (!store) throw new Error('the panel layout needs a LayoutStoreContext provider (PanelApp sets one up)');
  return store;
}
