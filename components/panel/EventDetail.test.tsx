// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { EventDetail } from './EventDetail';
import { createPanelStore, PanelStoreContext } from './store';
import type { SessionEvent } from '../../lib/shared/session/schema';
import { makeEvent, makeIdentify, makePfEvent, makeVerdict } from '../../tests/support/sessionFactory';

afterEach(cleanup);

function Harness({ event, linked = null, onSelectEvent = () => {} }: { event: SessionEvent; linked?: SessionEvent | null; onSelectEvent?: (id: string) => void }) {
  const [store] = useState(() => {
    const created = createPanelStore();
    created.subscribe((state, previous) => {
      if (state.selectedId !== null && state.selectedId !== previous.selectedId) onSelectEvent(state.selectedId);
    });
    return created;
  });
  return (
    <PanelStoreContext.Provider value={store}>
      <EventDetail event={event} linked={linked} />
    </PanelStoreContext.Provider>
  );
}
const openTab = (name: RegExp) => fireEvent.click(screen.getByRole('tab', { name }));
const panel = () => screen.getByRole('tabpanel');

const event = makeEvent(7, {
  args: ['Plan Changed', { plan: 'pro' }],
  built: { type: 'track', event: 'Plan Changed', properties: { plan: 'pro' }, writeKey: 'secret' },
  sent: { type: 'track', event: 'Plan Changed', properties: { plan: 'team' }, sentAt: '2026-11-29T18:00:00Z' },
  delivery: {
    status: 'failed',
    httpStatus: 400,
    url: 'https://proxy.example.com/v1/t',
    attempts: [
      { at: '2026-11-29T18:00:00Z', status: 'failed', httpStatus: 400, url: 'https://proxy.example.com/v1/t', transport: 'fetch', error: 'Bad Request' },
    ],
  },
  pfLink: { eventId: 'e-8', by: 'name' },
});

describe('EventDetail', () => {
  it('shows each payload stage', () => {
    render(<Harness event={event} />);
    expect(panel().textContent).toContain('"Plan Changed"');
    openTab(/^Built/);
    expect(panel().textContent).toContain('writeKey');
    openTab(/^Sent/);
    expect(panel().textContent).toContain('sentAt');
  });

  it('marks the differences between Built and Sent', () => {
    const { container } = render(<Harness event={event} />);
    expect(screen.getByRole('tab', { name: /^Built/ }).textContent).toContain('•');
    openTab(/^Built/);
    expect(panel().textContent).toContain('3 differences between Built and Sent');
    expect(container.querySelector('.json-node--removed')?.textContent).toContain('writeKey');
    expect(container.querySelector('.json-node--changed')?.textContent).toContain('"pro"');
    openTab(/^Sent/);
    expect(container.querySelector('.json-node--added')?.textContent).toContain('sentAt');
    expect(container.querySelector('.json-node--changed')?.textContent).toContain('"team"');
  });

  it('says when a stage was not seen', () => {
    render(<Harness event={makePfEvent(3, 'tour-finished')} />);
    openTab(/^Sent/);
    expect(panel().textContent).toMatch(/^Not seen on the network/);
    openTab(/^Delivery/);
    expect(panel().textContent).toContain('Not sent to Segment: no Segment track was seen for this PF event');
  });

  it('shows delivery status, URL and attempts', () => {
    render(<Harness event={event} />);
    openTab(/^Delivery/);
    expect(panel().textContent).toContain('failed 400');
    expect(panel().textContent).toContain('https://proxy.example.com/v1/t');
    expect(screen.getByRole('table', { name: 'Attempts' }).textContent).toContain('Bad Request');
  });

  it('shows the identity verdict with findings and assumptions', () => {
    const identify = makeIdentify(1, '42', {
      verdict: makeVerdict({
        rule: 'email',
        samePersonAsPage: false,
        findings: [{ code: 'email-not-in-pf-user', severity: 'warning', message: 'The PF user has another email.' }],
        assumptions: ['email compared case-sensitively'],
      }),
    });
    render(<Harness event={identify} />);
    openTab(/^Identity/);
    expect(panel().textContent).toContain('A different person');
    expect(panel().textContent).toContain('matched by email');
    expect(panel().textContent).toContain('The PF user has another email.');
    expect(panel().textContent).toContain('email compared case-sensitively');
  });

  it('links to the event on the other side', () => {
    const onSelectEvent = vi.fn();
    render(<Harness event={event} linked={makePfEvent(8, 'tour-finished')} onSelectEvent={onSelectEvent} />);
    openTab(/^Link/);
    fireEvent.click(screen.getByRole('button', { name: /#8 tour-finished/ }));
    expect(onSelectEvent).toHaveBeenCalledWith('e-8');
  });

  it("gives a PF event's delivery as the track PF sent for it, and opens that track", () => {
    const onSelectEvent = vi.fn();
    const pf = makePfEvent(3, 'tour-finished', { pfLink: { eventId: 'e-4', by: 'name' } });
    const track = makeEvent(4, { name: 'Tour Finished', pfLink: { eventId: 'e-3', by: 'name' } });
    render(<Harness event={pf} linked={track} onSelectEvent={onSelectEvent} />);
    openTab(/^Delivery/);
    expect(panel().textContent).toContain("PF sent this to Segment as #4 track 'Tour Finished': delivered 200");
    expect(panel().textContent).not.toContain('not sent');
    fireEvent.click(screen.getByRole('button', { name: /#4 track/ }));
    expect(onSelectEvent).toHaveBeenCalledWith('e-4');
  });

  it('moves across the detail tabs with ← and →, taking the focus along', () => {
    render(<Harness event={event} />);
    const called = screen.getByRole('tab', { name: 'Called' });
    called.focus();
    fireEvent.keyDown(called, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: /^Built/ }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: /^Built/ }));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'Webhook' }).getAttribute('aria-selected')).toBe('true');
  });

  it('says when the linked event is gone', () => {
    render(<Harness event={event} />);
    openTab(/^Link/);
    expect(panel().textContent).toContain('no longer in this session');
  });
});
