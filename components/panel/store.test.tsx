import { describe, expect, it, vi } from 'vitest';
import { createPanelStore } from './store';

describe('panel store', () => {
  it('toggles chip filters back to "no filter" when the last one is removed', () => {
    const store = createPanelStore();
    store.getState().toggleSource('segment');
    expect(store.getState().filter.sources).toEqual(new Set(['segment']));
    store.getState().toggleSource('segment');
    expect(store.getState().filter.sources).toBeNull();
  });

  it('persists filters and time mode through the injected callback', () => {
    const persist = vi.fn();
    const store = createPanelStore({ services: { savePrefs: persist } });
    store.getState().toggleStatus('failed');
    store.getState().setTimeMode('absolute');
    store.getState().select('e-1');
    expect(persist).toHaveBeenCalledTimes(2);
    expect(persist).toHaveBeenLastCalledWith({
      filter: { sources: null, types: null, statuses: ['failed'], hasFindings: false, text: '' },
      timeMode: 'absolute',
    });
  });

  it('starts from stored preferences and ignores junk', () => {
    const store = createPanelStore({ initialPrefs: { filter: { text: 'plan', hasFindings: true }, timeMode: 'absolute' } });
    expect(store.getState().filter.text).toBe('plan');
    expect(store.getState().filter.hasFindings).toBe(true);
    expect(store.getState().timeMode).toBe('absolute');
    expect(createPanelStore({ initialPrefs: 42 }).getState().timeMode).toBe('relative');
  });

  it('clearing the selection closes the detail', () => {
    const store = createPanelStore();
    store.getState().select('e-1', true);
    expect(store.getState().detailOpen).toBe(true);
    store.getState().clearSelection();
    expect(store.getState()).toMatchObject({ selectedId: null, detailOpen: false });
  });
});
