import { describe, expect, it } from 'vitest';
import { clampDetailWidth, createLayoutStore } from './layoutStore';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, value: string) => void items.set(k, value), items };
}

describe('layoutStore', () => {
  it('remembers hidden columns, widths, the splitter and the Filters fold for the next panel', () => {
    const storage = memoryStorage();
    const first = createLayoutStore(storage).getState();
    first.toggleColumn('user');
    first.setColumnWidth('type', 140);
    first.setDetailWidth(400, 1280);
    first.toggleFilters();
    first.setShortcutsOpen(true);
    const next = createLayoutStore(storage).getState();
    expect(next).toMatchObject({ hidden: ['user'], widths: { type: 140 }, detailWidth: 400, filtersOpen: false, shortcutsOpen: false });
  });

  it('starts from the defaults when what is stored is not a layout', () => {
    for (const stored of ['not json', '{"hidden":["name"]}', '[]']) {
      const state = createLayoutStore(memoryStorage({ 'segment-companion:panel-layout': stored })).getState();
      expect(state).toMatchObject({ hidden: [], widths: {}, detailWidth: null, filtersOpen: true });
    }
  });

  it('shows a hidden column again on a second toggle', () => {
    const store = createLayoutStore(memoryStorage());
    store.getState().toggleColumn('time');
    store.getState().toggleColumn('time');
    expect(store.getState().hidden).toEqual([]);
  });

  it('keeps both panes usable when the splitter is dragged to an edge', () => {
    expect(clampDetailWidth(10, 700)).toBe(240);
    expect(clampDetailWidth(690, 700)).toBe(500);
  });
});
