// @vitest-environment happy-dom
import { Profiler, createRef } from 'react';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { countsBy } from '../../lib/extension-pages/panel/filter';
import { makeEvents } from '../../tests/support/sessionFactory';
import { createPanelStore, PanelStoreContext } from './store';
import { createLayoutStore, LayoutStoreContext } from './layoutStore';
import { Toolbar } from './Toolbar';

afterEach(cleanup);

const counts = countsBy(makeEvents(3));
const searchRef = createRef<HTMLInputElement>();

function renderCountedToolbar() {
  const store = createPanelStore();
  let renders = 0;
  render(
    <PanelStoreContext.Provider value={store}>
      <LayoutStoreContext.Provider value={createLayoutStore(null)}>
        <Profiler id="toolbar" onRender={() => renders++}>
          <Toolbar searchRef={searchRef} searchError={null} counts={counts} pfTypes={new Set()} />
        </Profiler>
      </LayoutStoreContext.Provider>
    </PanelStoreContext.Provider>,
  );
  return { store, renders: () => renders };
}

describe('Toolbar', () => {
  it('does not re-render when the selection changes, which it does not show', () => {
    const { store, renders } = renderCountedToolbar();
    const before = renders();
    act(() => store.getState().select('e-2', true));
    act(() => store.getState().setDetailTab('sent'));
    expect(renders()).toBe(before);
  });

  it('re-renders when a filter it shows changes', () => {
    const { store, renders } = renderCountedToolbar();
    const before = renders();
    act(() => store.getState().toggleSource('segment'));
    expect(renders()).toBe(before + 1);
  });
});
