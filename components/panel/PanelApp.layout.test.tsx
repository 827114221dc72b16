// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { PanelApp } from './PanelApp';
import { createLayoutStore } from './layoutStore';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { useListViewport } from '../../tests/support/viewport';
import { makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeIdentify, makePfEvent, makeSession } from '../../tests/support/sessionFactory';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

const at = (ms: number) => new Date(Date.parse('2026-11-29T18:00:00.000Z') + ms).toISOString();
/** A tour finished that PF reported twice and sent as one track; then a checklist item PF never sent. */
const session = makeSession({
  events: [
    makeIdentify(1, 'user-42', { capturedAt: at(0) }),
    makePfEvent(2, 'tour-finished', { capturedAt: at(1000), name: '1', pfModule: 'tours', pfLink: { eventId: 'e-4', by: 'name', nameFrom: 'unverified' } }),
    makePfEvent(3, 'tour_finished', { capturedAt: at(1001), name: '1', pfModule: 'analytics', pfLink: { eventId: 'e-4', by: 'name', nameFrom: 'guessed' } }),
    makeEvent(4, { name: 'Tour Finished', capturedAt: at(1002), pfLink: { eventId: 'e-2', by: 'name', nameFrom: 'unverified' } }),
    makePfEvent(5, 'item-completed', { capturedAt: at(3000), name: 'c-9', pfModule: 'checklists' }),
    makeEvent(6, {
      name: 'Plan Changed',
      capturedAt: at(4000),
      delivery: { status: 'delivered', httpStatus: 200, url: 'https://api.segment.io/v1/t', attempts: [{ at: at(4250), status: 'delivered', httpStatus: 200, url: null, transport: 'fetch', error: null }] },
    }),
  ],
});

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, value: string) => void items.set(k, value) };
}

function renderPanel(shown: SessionDocument = session, storage = memoryStorage()) {
  const store = makePanelStore(shown);
  return { store, storage, ...render(<PanelApp store={store} layout={createLayoutStore(storage)} />) };
}

const options = () => screen.getAllByRole('option');
const selectedIds = () => options().filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.dataset.eventId);
const key = (k: string) => fireEvent.keyDown(document.body, { key: k });
const headers = () => [...document.querySelectorAll('.event-list__header .cell')].map((el) => el.className.replace('cell cell--', ''));
const detail = () => screen.getByRole('region', { name: 'Event detail' });

describe('one PF action, one row group', () => {
  it('shows listen, forwardEvent and their track as one row naming the track and its delivery', () => {
    renderPanel();
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-1', 'e-2', 'e-5', 'e-6']);
    const head = options()[1]!;
    expect(head.textContent).toContain("PF Tour finished (tour 1) → Segment track 'Tour Finished' · delivered 200");
    expect(head.getAttribute('aria-expanded')).toBe('false');
    // The head speaks for its track: the track's delivery, not a PF event's lack of one.
    expect(head.querySelector('.cell--status')?.textContent).toBe('delivered 200');
  });

  it('says so when PF sent nothing to Segment, and never says it for a PF event that was sent', () => {
    renderPanel();
    expect(options()[2]!.textContent).toContain('PF Checklist item completed (checklist c-9) → ✗ not sent to Segment');
    expect(options()[1]!.textContent).not.toContain('not sent');
  });

  it('unfolds to both PF reports and the track, linked both ways', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Unfold the 3 events of this PF action' }));
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6']);
    expect(options()[2]!.textContent).toContain('→ Segment #4');
    expect(options()[3]!.textContent).toContain('← sent by PF #2, #3');
    fireEvent.click(screen.getByRole('button', { name: 'Fold the 3 events of this PF action' }));
    expect(options()).toHaveLength(4);
  });

  it('unfolds the group of an event opened from elsewhere, so the selection is in view', () => {
    const { store } = renderPanel();
    act(() => store.getState().showEvent('e-4'));
    expect(selectedIds()).toEqual(['e-4']);
  });

  it('folds and unfolds the selected group with → and ← while no event is open', () => {
    const { store } = renderPanel();
    act(() => store.getState().select('e-2', false));
    key('ArrowRight');
    expect(options()).toHaveLength(6);
    key('ArrowLeft');
    expect(options()).toHaveLength(4);
  });

  it('has one type chip per PF event kind, filtering both spellings', () => {
    renderPanel();
    expect(screen.queryByRole('button', { name: /^tour-finished/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'PF Tour finished 2' }));
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-2']);
    fireEvent.click(screen.getByRole('button', { name: 'PF Tour finished 2' }));
    expect(options()).toHaveLength(4);
  });
});

describe('docked at 700 px', () => {
  it('narrows the list to # / Type / Name and one status mark while an event is open', () => {
    renderPanel();
    expect(headers()).toEqual(['seq', 'time', 'source', 'type', 'name', 'user', 'status', 'verdict']);
    fireEvent.click(options()[0]!);
    expect(headers()).toEqual(['seq', 'type', 'name', 'mark']);
    expect(options()[0]!.querySelectorAll('.cell')).toHaveLength(4);
    expect(within(options()[0]!).getByRole('img', { name: 'Delivery: delivered 200 · Identity: same person as the page' })).toBeTruthy();
  });

  it('hides a column from the Columns menu and remembers it for the next panel', () => {
    const { storage, unmount } = renderPanel();
    fireEvent.click(screen.getByRole('checkbox', { name: 'User ID' }));
    expect(headers()).not.toContain('user');
    unmount();
    renderPanel(session, storage);
    expect(headers()).not.toContain('user');
    expect((screen.getByRole('checkbox', { name: 'User ID' }) as HTMLInputElement).checked).toBe(false);
  });

  it('moves the splitter with the keyboard, within bounds, and remembers it', () => {
    const { storage, unmount } = renderPanel();
    const splitter = screen.getByRole('separator', { name: 'Resize the detail pane' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('420');
    fireEvent.keyDown(splitter, { key: 'ArrowLeft' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('444');
    fireEvent.keyDown(splitter, { key: 'Home' });
    expect(splitter.getAttribute('aria-valuenow')).toBe('240');
    // Splitter keys are its own: they move no selection.
    expect(screen.queryAllByRole('option', { selected: true })).toHaveLength(0);
    unmount();
    renderPanel(session, storage);
    expect(screen.getByRole('separator', { name: 'Resize the detail pane' }).getAttribute('aria-valuenow')).toBe('240');
  });

  it('folds the chips into one Filters row, saying how many are on', () => {
    renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Segment 3' }));
    const fold = screen.getByRole('button', { name: /Filters \(1 on\)/ });
    expect(fold.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(fold);
    expect(screen.queryByRole('button', { name: 'Segment 3' })).toBeNull();
    expect(fold.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('DevTools-grade keyboard', () => {
  it('moves with j/k, Home/End and PgDn/PgUp, opening what it lands on', () => {
    renderPanel();
    key('j');
    expect(selectedIds()).toEqual(['e-1']);
    expect(detail().textContent).toContain('#1 identify');
    key('j');
    expect(selectedIds()).toEqual(['e-2']);
    key('k');
    expect(selectedIds()).toEqual(['e-1']);
    key('End');
    expect(selectedIds()).toEqual(['e-6']);
    key('Home');
    expect(selectedIds()).toEqual(['e-1']);
    key('PageDown');
    expect(selectedIds()).toEqual(['e-6']);
    key('PageUp');
    expect(selectedIds()).toEqual(['e-1']);
  });

  it('steps across the detail tabs with ← and →', () => {
    renderPanel();
    key('ArrowDown');
    const tab = (name: RegExp) => screen.getByRole('tab', { name });
    expect(tab(/^Called/).getAttribute('aria-selected')).toBe('true');
    key('ArrowRight');
    expect(tab(/^Built/).getAttribute('aria-selected')).toBe('true');
    key('ArrowLeft');
    key('ArrowLeft');
    expect(tab(/^Webhook/).getAttribute('aria-selected')).toBe('true');
  });

  it('shows the shortcuts with ? and closes them with Escape', () => {
    renderPanel();
    key('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('PgDn / PgUp');
    key('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('counts the events shown out of all', () => {
    renderPanel();
    expect(screen.getByText('6 events')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Product Fruits 3' }));
    expect(screen.getByText('3 of 6 events')).toBeTruthy();
  });
});

describe('one time mode', () => {
  it('shows the list, the detail and delivery attempts in the same mode, the full instant in tooltips', () => {
    const { store } = renderPanel();
    act(() => store.getState().select('e-6', true));
    fireEvent.click(screen.getByRole('tab', { name: 'Delivery' }));
    expect(options()[3]!.textContent).not.toContain('+4.000s'); // narrow list: no time column
    expect(detail().querySelector('.event-detail__meta time')?.textContent).toBe('+4.000s');
    const attempt = detail().querySelector('.attempts tbody time')!;
    expect(attempt.textContent).toBe('+4.250s');
    expect(attempt.getAttribute('title')).toContain('(2026-11-29T18:00:04.250Z)');
    expect(detail().querySelector('.attempts th')?.textContent).toBe('At (from the first event)');
    act(() => store.getState().setTimeMode('absolute'));
    expect(detail().querySelector('.event-detail__meta time')?.textContent).toMatch(/^\d\d:\d\d:04\.000$/);
    expect(detail().querySelector('.attempts th')?.textContent).toMatch(/^At \(UTC[+-]\d\d:\d\d\)$/);
    act(() => store.getState().clearSelection());
    expect(document.querySelector('.event-list__header .cell--time')?.textContent).toMatch(/^Time \(UTC[+-]\d\d:\d\d\)$/);
  });
});
