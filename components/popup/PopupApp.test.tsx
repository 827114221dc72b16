// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { PopupApp } from './PopupApp';
import { makeEvent, makeEvents, makeIdentify, makePfEvent, makeSession, makeVerdict } from '../../tests/support/sessionFactory';

afterEach(cleanup);

describe('PopupApp', () => {
  it('explains pages that cannot be inspected and still opens the full view', () => {
    const onOpenFullView = vi.fn();
    render(<PopupApp session={null} status={{ light: 'grey', reason: 'Nothing to inspect here.' }} onOpenFullView={onOpenFullView} onDiagnose={() => {}} />);
    expect(screen.getByText("This page can't be inspected (browser pages and the web store are off limits)")).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Nothing to inspect here.');
    fireEvent.click(screen.getByRole('button', { name: 'Open full view' }));
    expect(onOpenFullView).toHaveBeenCalledOnce();
  });

  it('summarises Segment, PF, the status and the last 5 events', () => {
    const events = [...makeEvents(6), makeIdentify(7, '42')];
    render(
      <PopupApp
        session={makeSession({ events })}
        status={{ light: 'green', reason: 'Segment and Product Fruits agree on the user.' }}
        onOpenFullView={() => {}} onDiagnose={() => {}}
      />,
    );
    const segment = screen.getByRole('region', { name: 'Segment' }).textContent;
    expect(segment).toContain('analytics-next 1.84.3');
    expect(segment).toContain('abc123');
    expect(segment).toContain('window.analytics');
    expect(segment).toContain('Events7');
    const pf = screen.getByRole('region', { name: 'Product Fruits' }).textContent;
    expect(pf).toContain('WsCode');
    expect(pf).toContain('Username42');
    expect(pf).toContain('Emailann@example.com');
    expect(screen.getByRole('img', { name: 'OK' })).toBeTruthy();
    const recent = within(screen.getByRole('region', { name: 'Last events' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(recent).toHaveLength(5);
    expect(recent[0]).toContain('identify');
    expect(recent[4]).toContain('Event 3');
  });

  it('says when Segment is npm-only or missing', () => {
    const session = makeSession();
    const { rerender } = render(
      <PopupApp session={{ ...session, segment: { ...session.segment, globalName: null, onWindow: false } }} status={null} onOpenFullView={() => {}} onDiagnose={() => {}} />,
    );
    expect(screen.getByRole('region', { name: 'Segment' }).textContent).toContain('npm package only');
    rerender(<PopupApp session={{ ...session, segment: { ...session.segment, detected: false } }} status={null} onOpenFullView={() => {}} onDiagnose={() => {}} />);
    expect(screen.getByText("Segment isn't on this page: no Segment library or call was seen.")).toBeTruthy();
  });

  it("shows a failed answer's error instead of saying the page cannot be inspected", () => {
    render(<PopupApp session={null} error="Cannot convert object to primitive value" status={null} onOpenFullView={() => undefined} onDiagnose={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toContain('Cannot convert object to primitive value');
    expect(screen.queryByText(/can't be inspected/)).toBeNull();
  });

  it('says "Loading…" while the session has not arrived, not that the page cannot be inspected', () => {
    render(<PopupApp session={null} loading status={null} onOpenFullView={() => {}} onDiagnose={() => {}} />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(screen.queryByText(/can't be inspected/)).toBeNull();
  });

  it('counts Segment and PF events, failed or blocked deliveries and findings', () => {
    const error = { code: 'would-create-new-user', severity: 'error' as const, message: 'PF would create a new user.' };
    const session = makeSession({
      events: [
        makeIdentify(1, '7', { verdict: makeVerdict({ findings: [error] }) }),
        makeEvent(2, { delivery: { status: 'failed', httpStatus: 500, url: 'https://api.segment.io/v1/t' } }),
        makeEvent(3, { delivery: { status: 'blocked', httpStatus: null, url: null } }),
        makePfEvent(4, 'tour-finished'),
      ],
      diagnostics: [error, { code: 'analytics-not-on-window', severity: 'error', message: 'analytics is not on window.' }],
    });
    render(<PopupApp session={session} status={null} onOpenFullView={() => {}} onDiagnose={() => {}} />);
    const counts = within(screen.getByRole('list', { name: 'Counts' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(counts).toEqual(['3Segment events', '1PF events', '2Failed or blocked', '2Findings']);
  });

  it('opens the diagnose page from a link', () => {
    const onDiagnose = vi.fn();
    render(<PopupApp session={null} status={null} onOpenFullView={() => {}} onDiagnose={onDiagnose} />);
    fireEvent.click(screen.getByRole('link', { name: 'Diagnose pasted events' }));
    expect(onDiagnose).toHaveBeenCalledOnce();
  });

  it("says the extension can't run on a browser or store page, with no light to suggest a reload", () => {
    render(<PopupApp session={null} restricted status={{ light: 'grey', reason: 'Nothing to judge yet.' }} onOpenFullView={() => {}} onDiagnose={() => {}} />);
    expect(screen.getByText(/The extension can't run on this page/)).toBeTruthy();
    expect(screen.queryByText('Nothing to judge yet.')).toBeNull();
  });
});
