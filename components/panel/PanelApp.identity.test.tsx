// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import { useListViewport } from '../../tests/support/viewport';
import { makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { PanelApp } from './PanelApp';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

// No PF user on the page and none imported: whether PF knows user '7' can't be told until a list is imported.
const captured = rejudgeDocument(
  makeSession({
    productFruits: { ...makeSession().productFruits, user: null, userTimeline: [] },
    events: [makeEvent(1, { name: 'Opened' }), makeIdentify(2, '7', { args: ['7', { email: 'bob@example.com' }], built: { type: 'identify', userId: '7', traits: { email: 'bob@example.com' } }, sent: null })],
  }),
  [],
  DEFAULT_ASSUMPTIONS,
);

function Harness() {
  const [store] = useState(() => makePanelStore(captured.document, { status: captured.status }));
  return <PanelApp store={store} identityView />;
}

const identifyRow = () => screen.getAllByRole('option').find((o) => o.dataset.eventId === 'e-2')!;
const viewTab = (name: string) => within(screen.getByRole('tablist', { name: 'Panel view' })).getByRole('tab', { name });

describe('PanelApp identity view', () => {
  it('switches between Events and Identity from the toolbar', () => {
    render(<Harness />);
    expect(viewTab('Events').getAttribute('aria-selected')).toBe('true');
    fireEvent.click(viewTab('Identity'));
    expect(screen.getByRole('region', { name: 'Identity timeline' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'What if' })).toBeTruthy();
    expect(screen.queryByRole('listbox', { name: 'Events' })).toBeNull();
    expect(screen.queryByRole('searchbox')).toBeNull();
    fireEvent.keyDown(viewTab('Identity'), { key: 'ArrowLeft' });
    expect(screen.getByRole('listbox', { name: 'Events' })).toBeTruthy();
  });

  it('re-judges every verdict in the list when a PF users list is imported', async () => {
    render(<Harness />);
    // Nobody known yet: "can't tell" is a warning; once the list shows PF has no user 7, it is an error.
    expect(within(identifyRow()).getByRole('img').getAttribute('aria-label')).toBe('Identity: check the warnings');
    fireEvent.click(viewTab('Identity'));
    const picker = screen.getByLabelText(/Import PF users/);
    await act(async () => {
      fireEvent.change(picker, { target: { files: [new File(['username,email\n9,zoe@example.com\n'], 'users.csv')] } });
    });
    await waitFor(() => expect(screen.getByText(/1 PF user\(s\) from/)).toBeTruthy());
    fireEvent.click(viewTab('Events'));
    expect(within(identifyRow()).getByRole('img').getAttribute('aria-label')).toBe('Identity: wrong or unknown person');
  });

  it('opens the event chosen in the identity timeline in the Events view', () => {
    render(<Harness />);
    fireEvent.click(viewTab('Identity'));
    fireEvent.click(within(screen.getByRole('region', { name: 'Identity timeline' })).getByRole('button', { name: /identify userId '7'/ }));
    expect(viewTab('Events').getAttribute('aria-selected')).toBe('true');
    expect(identifyRow().getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('region', { name: 'Event detail' }).textContent).toContain('#2 identify');
  });

  it('passes the judged document to export', () => {
    let exported: unknown = null;
    const store = makePanelStore(captured.document, { status: captured.status, services: { download: (doc) => (exported = doc) } });
    render(<PanelApp store={store} identityView />);
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect(exported).toBe(captured.document);
  });

  it('has no Identity view without identity controls', () => {
    render(<PanelApp store={makePanelStore(captured.document)} />);
    expect(screen.queryByRole('tablist', { name: 'Panel view' })).toBeNull();
  });
});
