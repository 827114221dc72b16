// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { PopupApp } from './PopupApp';
import { makeEvents, makeIdentify, makeSession } from '../testing/sessionFactory';

afterEach(cleanup);

describe('PopupApp', () => {
  it('explains pages that cannot be inspected and still opens the full view', () => {
    const onOpenFullView = vi.fn();
    render(<PopupApp session={null} status={{ light: 'grey', reason: 'Nothing to inspect here.' }} onOpenFullView={onOpenFullView} />);
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
        onOpenFullView={() => {}}
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
    expect(screen.getByRole('img', { name: 'Status green' })).toBeTruthy();
    const recent = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(recent).toHaveLength(5);
    expect(recent[0]).toContain('identify');
    expect(recent[4]).toContain('Event 3');
  });

  it('says when Segment is npm-only or missing', () => {
    const session = makeSession();
    const { rerender } = render(
      <PopupApp session={{ ...session, segment: { ...session.segment, globalName: null, onWindow: false } }} status={null} onOpenFullView={() => {}} />,
    );
    expect(screen.getByRole('region', { name: 'Segment' }).textContent).toContain('npm package only');
    rerender(<PopupApp session={{ ...session, segment: { ...session.segment, detected: false } }} status={null} onOpenFullView={() => {}} />);
    expect(screen.getByText('Segment not found on this page.')).toBeTruthy();
  });
});
