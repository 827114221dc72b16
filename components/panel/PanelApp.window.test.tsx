// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { followTabRows, followTabSession, getEvent, searchTab } from '../../lib/extension-pages/sessionClient';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { useListViewport } from '../../tests/support/viewport';
import { addRecords, call, newLiveTab, tracks, windowBackground } from '../../tests/support/windowBackground';
import { PanelApp } from './PanelApp';
import { createPanelStore, selectNeedsDocument } from './store';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

const TAB = 3;

/** A panel that holds only the summaries of a live tab, asking the background for the rest. */
async function renderWindowPanel({ identityView = false } = {}) {
  const session = newLiveTab(TAB);
  addRecords(session, [call('track', ['Checkout', { coupon: 'WINTER-SALE' }]), call('identify', ['user-7', { email: 'seven@example.com' }]), ...tracks(40, 'Browse')]);
  const background = windowBackground(session);
  const { messenger } = background;
  const download = vi.fn<(document: SessionDocument, opts: { redact: boolean }) => void>();
  const store = createPanelStore({
    services: {
      searchLive: (text) => searchTab(messenger, TAB, text),
      liveEvent: (id) => getEvent(messenger, TAB, id),
      fetchSession: () => followTabSession(messenger, TAB, 'export', null),
      download,
    },
  });
  const rows = await followTabRows(messenger, TAB, 'panel', null);
  store.getState().setLiveRows({ rows, error: null });
  render(<PanelApp store={store} identityView={identityView} />);
  return { store, background, download };
}

const optionNamed = (name: string) => screen.getAllByRole('option').find((o) => o.textContent?.includes(name))!;

describe('PanelApp over a live window of summaries', () => {
  it('lists the rows without holding a document, and opens an event in full from the background', async () => {
    const { store, background } = await renderWindowPanel();
    expect(store.getState().live.answer).toBeNull();
    expect(optionNamed('identify').textContent).toContain('user-7');
    fireEvent.click(optionNamed('Checkout'));
    const detail = await screen.findByRole('region', { name: 'Event detail' });
    // The Called stage shows the call's arguments, which only the full event carries.
    await waitFor(() => expect(detail.textContent).toContain('0: "Checkout"'));
    expect(background.sent.filter((m) => m.type === 'session:event')).toHaveLength(1);
  });

  it("shows the open event's times in the list's relative mode, counted from the same first event", async () => {
    const { store } = await renderWindowPanel();
    act(() => store.getState().setTimeMode('relative'));
    // The list narrows once an event is open, so its time is read first.
    const rowTime = optionNamed('identify').querySelector('.cell--time')!.textContent!;
    expect(rowTime).toMatch(/^\+\d+\.\d{3}s$/);
    fireEvent.click(optionNamed('identify'));
    const detail = await screen.findByRole('region', { name: 'Event detail' });
    await waitFor(() => expect([...detail.querySelectorAll('time')].map((t) => t.textContent)).toContain(rowTime));
  });

  it('filters by a search the background answers, shows the empty state, and all rows again when cleared', async () => {
    const { background } = await renderWindowPanel();
    const all = screen.getAllByRole('option').length;
    const search = screen.getByRole('searchbox', { name: 'Search events' });
    fireEvent.change(search, { target: { value: 'winter-sale' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    expect(screen.getByRole('option').textContent).toContain('Checkout');
    expect(background.sent.some((m) => m.type === 'session:search' && m.text === 'winter-sale')).toBe(true);
    fireEvent.change(search, { target: { value: 'matches nothing at all' } });
    expect(await screen.findByText('No events match these filters')).toBeTruthy();
    fireEvent.change(search, { target: { value: '' } });
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(all));
  });

  it('exports the whole document, fetched for the file', async () => {
    const { download, background } = await renderWindowPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(download).toHaveBeenCalledOnce());
    const [document, opts] = download.mock.calls[0]!;
    expect(opts).toEqual({ redact: false });
    expect(document.events).toEqual(background.full().events);
  });

  it('asks for the whole document only while the identity view or changed assumptions need it', async () => {
    const { store } = await renderWindowPanel();
    expect(selectNeedsDocument(store.getState())).toBe(false);
    act(() => store.getState().setView('identity'));
    expect(selectNeedsDocument(store.getState())).toBe(true);
    act(() => store.getState().setView('events'));
    act(() => store.getState().setAssumptions({ ...store.getState().assumptions, emailTrimmed: !store.getState().assumptions.emailTrimmed }));
    expect(selectNeedsDocument(store.getState())).toBe(true);
    expect(within(screen.getByRole('listbox', { name: 'Events' })).getAllByRole('option').length).toBeGreaterThan(0);
    act(() => store.getState().setAssumptions({ ...store.getState().assumptions, emailTrimmed: !store.getState().assumptions.emailTrimmed }));
    expect(selectNeedsDocument(store.getState())).toBe(false);
    // An event's Identity tab replays the engine up to that event, so it needs every event too.
    act(() => {
      store.getState().select(optionNamed('identify').getAttribute('data-event-id')!, true);
      store.getState().setDetailTab('identity');
    });
    expect(selectNeedsDocument(store.getState())).toBe(true);
  });

  it('states the current verdict above the list from the rows answer, with no document held', async () => {
    const { store } = await renderWindowPanel({ identityView: true });
    expect(store.getState().live.answer).toBeNull();
    const strip = screen.getByRole('region', { name: 'Current verdict' });
    expect(strip.textContent).toContain('Latest identify #2');
    fireEvent.click(within(strip).getByRole('button', { name: 'Identity view' }));
    expect(store.getState().view).toBe('identity');
  });
});
