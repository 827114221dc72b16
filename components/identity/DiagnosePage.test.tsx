// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { DiagnosePage } from './DiagnosePage';

afterEach(cleanup);

function paste(value: unknown) {
  fireEvent.change(screen.getByLabelText(/^Paste Segment event JSON/), { target: { value: typeof value === 'string' ? value : JSON.stringify(value) } });
}

function rows(): HTMLElement[] {
  return within(screen.getByRole('table')).getAllByRole('row').slice(1);
}

describe('DiagnosePage', () => {
  it('flags an email that differs only by case from an imported user', async () => {
    render(<DiagnosePage />);
    fireEvent.change(screen.getByLabelText('Import PF users (CSV, JSON, NDJSON)'), {
      target: { files: [new File(['username,email\n42,ann@example.com\n'], 'users.csv')] },
    });
    await screen.findByText('1 PF user(s) from');
    paste({ type: 'identify', userId: '7', traits: { email: 'Ann@Example.com' } });
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    const [row] = rows();
    expect(within(row!).getByText('email-case-mismatch')).toBeTruthy();
    expect(within(row!).getByText('new-user')).toBeTruthy();
  });

  it("says it can't tell, in amber, for a pasted event with no PF user typed and no list imported", async () => {
    render(<DiagnosePage />);
    paste({ type: 'identify', userId: 'u-1', traits: { email: 'a@example.com' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    const verdicts = screen.getByRole('region', { name: 'Verdicts' });
    expect(verdicts.querySelector('.status-light--amber')).toBeTruthy();
    expect(verdicts.textContent).toContain("Can't tell whether PF knows these users: import the PF users list or type the PF user");
    fireEvent.change(screen.getByLabelText('PF username'), { target: { value: 'u-1' } });
    await waitFor(() => expect(verdicts.textContent).not.toContain("Can't tell whether PF knows these users"));
  });

  it('checks the same person against a typed page user', async () => {
    render(<DiagnosePage />);
    fireEvent.change(screen.getByLabelText('PF username'), { target: { value: '42' } });
    paste({ batch: [{ type: 'identify', userId: '42' }, { type: 'identify', userId: '43' }] });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.children[6]!.textContent)).toEqual(['yes', 'no']);
    expect(screen.getByText('2 event(s) read.')).toBeTruthy();
  });

  it('reads a Segment HTTP API body without a type as a track, with the verdicts right under the paste box', async () => {
    render(<DiagnosePage />);
    paste('{"userId": "019mr8mf4r", "event": "Item Purchased"}');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.textContent).toContain('track');
    const paste_ = screen.getByRole('region', { name: 'Segment events' });
    expect(paste_.nextElementSibling?.getAttribute('aria-label')).toBe('Verdicts');
    expect(rows()[0]!.textContent).toContain('019mr8mf4r');
  });

  it('renders page data as text', async () => {
    render(<DiagnosePage />);
    paste([{ type: 'track', event: '<img src=x onerror=alert(1)>', userId: '42' }]);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('explains input it cannot read', async () => {
    render(<DiagnosePage />);
    paste('{"userId": "42"}');
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Not Segment events: expected/);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('opens a session file with its PF timeline and re-judges under switched assumptions', async () => {
    const pageUser = { username: '42', email: 'ann@example.com' };
    const doc = makeSession({
      events: [makeIdentify(1, '42', { sent: { type: 'identify', userId: '42', traits: { email: 'ANN@example.com' } } })],
      productFruits: { ...makeSession().productFruits, userTimeline: [{ at: '2026-11-29T17:59:00.000Z', via: 'init', user: pageUser, afterSeq: 0 }] },
    });
    render(<DiagnosePage />);
    fireEvent.change(screen.getByLabelText('Open session file'), { target: { files: [new File([JSON.stringify(doc)], 'session.json')] } });
    await screen.findByText('From session.json');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.children[4]!.textContent).toBe('username');
    fireEvent.click(screen.getByRole('checkbox', { name: 'email compared ignoring letter case' }));
    expect(rows()[0]!.children[4]!.textContent).toBe('email');
    expect(rows()[0]!.children[6]!.textContent).toBe('yes');
  });
});
