// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import * as v from 'valibot';
import { SessionDocumentSchema } from '../../lib/shared/session/schema';
import { PanelApp } from './PanelApp';
import type { SessionDocument } from '../../lib/shared/session/schema';
import type { PanelStoreOptions } from './store';
import { useListViewport } from '../../tests/support/viewport';
import { liveSession, makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeEvents, makeIdentify, makePfEvent, makeSession, makeVerdict } from '../../tests/support/sessionFactory';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

const session = makeSession({
  events: [
    makeIdentify(1, 'user-42'),
    makeEvent(2, { name: 'Signed Up', delivery: { status: 'failed', httpStatus: 500, url: 'https://api.segment.io/v1/t' } }),
    makePfEvent(3, 'tour-finished'),
    makeEvent(4, {
      name: 'Plan Changed',
      delivery: { status: 'blocked', httpStatus: null, url: null },
      verdict: makeVerdict({ samePersonAsPage: false, findings: [{ code: 'other-user', severity: 'error', message: 'Different user' }] }),
    }),
  ],
  navigations: [{ beforeSeq: 3, at: '2026-11-29T17:59:02.500Z', url: 'https://app.example.com/tours' }],
});

function renderPanel(shown: SessionDocument, storeOptions: PanelStoreOptions = {}) {
  const store = makePanelStore(shown, storeOptions);
  return { store, ...render(<PanelApp store={store} />) };
}

const options = () => screen.getAllByRole('option');
const selectedIds = () => options().filter((o) => o.getAttribute('aria-selected') === 'true').map((o) => o.dataset.eventId);
const key = (k: string) => fireEvent.keyDown(document.body, { key: k });

describe('PanelApp list', () => {
  it('is built from a fixture that is a valid session document', () => {
    expect(() => v.parse(SessionDocumentSchema, session)).not.toThrow();
  });

  it('renders a row per event and navigation dividers', () => {
    renderPanel(session);
    expect(options()).toHaveLength(4);
    const list = screen.getByRole('listbox', { name: 'Events' });
    const texts = [...list.querySelectorAll('.event-row, .marker-row')].map((el) => el.textContent ?? '');
    expect(texts[2]).toContain('Navigated to https://app.example.com/tours');
    expect(texts[3]).toContain('PF Tour finished (tour-7) → ✗ not sent to Segment');
    const identify = options()[0]!;
    expect(identify.textContent).toContain('user-42');
    expect(within(identify).getByRole('img', { name: /same person/ })).toBeTruthy();
    expect(options()[1]!.className).toContain('event-row--flagged');
    expect(options()[1]!.textContent).toContain('failed 500');
    expect(within(options()[3]!).getByRole('img', { name: /wrong or unknown person/ })).toBeTruthy();
  });

  it('places PF user changes in the list', () => {
    const pf = session.productFruits;
    renderPanel({ ...session, productFruits: { ...pf, userTimeline: [{ at: '2026-11-29T17:59:01.500Z', via: 'identifyUser', user: { username: '42', email: null }, afterSeq: 1 }] } });
    const list = screen.getByRole('listbox', { name: 'Events' });
    const texts = [...list.querySelectorAll('.event-row, .marker-row')].map((el) => el.textContent ?? '');
    expect(texts[1]).toBe('PF user set via identifyUser: username 42, email null');
  });

  it('marks search matches in the visible rows', () => {
    renderPanel(session);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'sign' } });
    expect([...document.querySelectorAll('.event-row mark')].map((m) => m.textContent)).toEqual(['Sign']);
  });

  it('selects by click and opens the detail', () => {
    renderPanel(session);
    fireEvent.click(screen.getByText('Signed Up'));
    expect(selectedIds()).toEqual(['e-2']);
    expect(screen.getByRole('region', { name: 'Event detail' }).textContent).toContain('#2 track — Signed Up');
  });

  it('selects and opens with the arrow keys, reopens with Enter and clears with Escape', () => {
    const { store } = renderPanel(session);
    key('ArrowDown');
    expect(selectedIds()).toEqual(['e-1']);
    expect(screen.getByRole('region', { name: 'Event detail' }).textContent).toContain('#1 identify');
    key('ArrowDown');
    key('ArrowDown');
    expect(selectedIds()).toEqual(['e-3']);
    key('ArrowUp');
    expect(selectedIds()).toEqual(['e-2']);
    act(() => store.setState({ detailOpen: false }));
    expect(screen.queryByRole('region', { name: 'Event detail' })).toBeNull();
    fireEvent.keyDown(screen.getByRole('button', { name: 'Time: relative' }), { key: 'Enter' });
    expect(screen.queryByRole('region', { name: 'Event detail' })).toBeNull();
    key('Enter');
    expect(screen.getByRole('region', { name: 'Event detail' })).toBeTruthy();
    key('Escape');
    expect(selectedIds()).toEqual([]);
    expect(screen.getByRole('region', { name: 'Page overview' })).toBeTruthy();
  });

  it('focuses the search box with /', () => {
    renderPanel(session);
    key('/');
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search events' }));
  });

  it('Clear calls onClear and clears the selection', () => {
    const onClear = vi.fn(async () => {});
    renderPanel(session, { services: { clearSession: onClear } });
    fireEvent.click(screen.getByText('Signed Up'));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onClear).toHaveBeenCalledOnce();
    expect(selectedIds()).toEqual([]);
  });

  it('filters with chips that show counts', () => {
    renderPanel(session);
    const pfChip = screen.getByRole('button', { name: 'Product Fruits 1' });
    expect(screen.getByRole('button', { name: 'Segment 3' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'has findings 1' })).toBeTruthy();
    fireEvent.click(pfChip);
    expect(pfChip.getAttribute('aria-pressed')).toBe('true');
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-3']);
    fireEvent.click(screen.getByRole('button', { name: 'Product Fruits 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'failed 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'blocked 1' }));
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-2', 'e-4']);
  });

  it('searches with a regex and reports an invalid one', () => {
    renderPanel(session);
    const search = screen.getByRole('searchbox', { name: 'Search events' });
    fireEvent.change(search, { target: { value: '/^sign/im' } });
    expect(options().map((o) => o.dataset.eventId)).toEqual(['e-2']);
    fireEvent.change(search, { target: { value: '/(/' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression/);
    expect(options()).toHaveLength(4);
    fireEvent.keyDown(search, { key: 'Escape' });
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('says what to do when filters hide everything, and resets', () => {
    renderPanel(session);
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    expect(screen.getByText('No events match these filters')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Reset filters' })[0]!);
    expect(options()).toHaveLength(4);
  });

  it('says how to capture when there are no events', () => {
    renderPanel(makeSession());
    expect(screen.getByText('No Segment calls yet. Reload the page to capture from the start.')).toBeTruthy();
  });

  it('renders HTML in event names as text', () => {
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    const { container } = renderPanel(makeSession({ events: [makeEvent(1, { name: hostile, type: '<b>bold</b>' })] }));
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(screen.getByText(hostile)).toBeTruthy();
  });

  it('sets the theme from themeName', () => {
    const { container } = renderPanel(session, { themeName: 'dark' });
    expect(container.firstElementChild!.getAttribute('data-theme')).toBe('dark');
  });

  it('switches between relative and absolute times', () => {
    renderPanel(session);
    expect(options()[1]!.textContent).toContain('+1.000s');
    fireEvent.click(screen.getByRole('button', { name: 'Time: relative' }));
    expect(options()[1]!.textContent).toMatch(/\d\d:\d\d:02\.000/);
  });

  it('exports with the redact choice and imports a file', async () => {
    const onExport = vi.fn();
    const { store } = renderPanel(session, { services: { download: onExport } });
    const onImport = vi.spyOn(store.getState(), 'importSessionFile');
    fireEvent.click(screen.getByRole('checkbox', { name: 'redact emails and traits' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(onExport).toHaveBeenCalledWith(session, { redact: true });
    const file = new File(['{}'], 'session.json', { type: 'application/json' });
    fireEvent.change(screen.getByLabelText('Import session file'), { target: { files: [file] } });
    expect(onImport).toHaveBeenCalledWith(file);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('session.json: Not a session or HAR file'));
  });

  it('toggles preserve log and hides session changes when read-only', async () => {
    const onPreserveLogChange = vi.fn(async (value: boolean) => value);
    const { store } = renderPanel(session, { services: { setPreserveLog: onPreserveLogChange } });
    act(() => store.getState().setPreserveLogShown(false));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Preserve log' }));
    expect(onPreserveLogChange).toHaveBeenCalledWith(true);
    await act(() => store.getState().importSessionFile(new File([JSON.stringify(session)], 'session.json')));
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('read-only');
  });

  it('says when older events were dropped', () => {
    renderPanel({ ...session, capture: { evicted: 120, limit: 5000, preserveLog: true } });
    expect(screen.getByRole('status').textContent).toBe('120 older events were dropped to stay within the limit of 5000.');
  });

  it('says how many records the page sent were refused', () => {
    renderPanel({ ...session, capture: { evicted: 0, limit: 5000, preserveLog: true, rejected: 3 } });
    expect(screen.getByRole('status').textContent).toContain('3 records were refused');
  });

  it('keeps filters in an injected store that persists them', () => {
    const persist = vi.fn();
    renderPanel(session, { services: { savePrefs: persist } });
    fireEvent.click(screen.getByRole('button', { name: 'identify 1' }));
    expect(persist).toHaveBeenLastCalledWith(expect.objectContaining({ filter: expect.objectContaining({ types: ['identify'] }) }));
  });
});

describe('PanelApp at scale', () => {
  it('renders only a window of rows for 100,000 events and follows new ones at the bottom', () => {
    const events = makeEvents(100_000);
    const { store } = renderPanel(makeSession({ events }));
    expect(options().length).toBeLessThan(100);
    expect(screen.getByText('Event 100000')).toBeTruthy();
    act(() => {
      store.getState().setLive(liveSession(makeSession({ events: [...events, makeEvent(100_001)] })));
    });
    expect(screen.getByText('Event 100001')).toBeTruthy();
  });

  it('stops following when the user scrolls up', () => {
    const events = makeEvents(1_000);
    const { store } = renderPanel(makeSession({ events }));
    const viewport = screen.getByRole('listbox', { name: 'Events' });
    act(() => {
      viewport.scrollTop = 0;
      fireEvent.scroll(viewport);
    });
    expect(screen.getByRole('button', { name: '↓ Jump to latest' })).toBeTruthy();
    act(() => {
      store.getState().setLive(liveSession(makeSession({ events: [...events, makeEvent(1_001)] })));
    });
    expect(screen.queryByText('Event 1001')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '↓ Jump to latest' }));
    expect(screen.getByText('Event 1001')).toBeTruthy();
  });
});
