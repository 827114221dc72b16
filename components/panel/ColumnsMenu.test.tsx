// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ColumnsMenu } from './ColumnsMenu';
import { createLayoutStore, LayoutStoreContext } from './layoutStore';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, value: string) => void items.set(k, value) };
}

describe('ColumnsMenu', () => {
  it('resizes a column from the keyboard, ←/→, and remembers the width like a dragged one', () => {
    const storage = memoryStorage();
    const layout = createLayoutStore(storage);
    render(
      <LayoutStoreContext.Provider value={layout}>
        <ColumnsMenu />
      </LayoutStoreContext.Provider>,
    );
    const handle = screen.getByRole('separator', { name: 'Width of User ID' });
    expect(handle.getAttribute('aria-valuenow')).toBe('140');
    handle.focus();
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    fireEvent.keyDown(handle, { key: 'ArrowLeft', shiftKey: true });
    expect(handle.getAttribute('aria-valuenow')).toBe('116');
    expect(createLayoutStore(storage).getState().widths).toEqual({ user: 116 });
  });
});
