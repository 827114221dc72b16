// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { makeEvent, makeIdentify, makeSession, makeVerdict } from '../../tests/support/sessionFactory';
import { identitySubject } from '../../lib/shared/session/identitySubject';
import { IdentityOverview, type IdentityOverviewProps } from './IdentityOverview';

afterEach(cleanup);

const pageUser = { username: '42', email: 'ann@example.com', firstname: 'Ann', props: { plan: 'pro' } };
const caseFinding = { code: 'email-case-mismatch', severity: 'warning' as const, message: "Segment email 'Ann@example.com' differs only in case." };

const session = makeSession({
  segment: {
    ...makeSession().segment,
    identity: { userId: '42', anonymousId: 'anon-1', groupId: null, traits: { email: 'ann@example.com' }, source: 'localStorage' },
  },
  productFruits: {
    ...makeSession().productFruits,
    user: pageUser,
    userTimeline: [{ at: '2026-11-29T17:59:00.500Z', via: 'init', user: pageUser, afterSeq: 0 }],
  },
  events: [
    makeIdentify(1, '42', { verdict: makeVerdict({ findings: [caseFinding] }) }),
    makeEvent(2),
    makeEvent(3, { type: 'reset', name: null, args: [], built: null, sent: null }),
  ],
  diagnostics: [{ code: 'pf-without-segment', severity: 'warning', message: 'page-level <b>finding</b>' }],
});

function renderOverview(overrides: Partial<IdentityOverviewProps> = {}) {
  const props: IdentityOverviewProps = {
    session,
    subject: identitySubject(session, [], DEFAULT_ASSUMPTIONS),
    status: { light: 'green', reason: "Same person: matched by username '42'." },
    assumptions: DEFAULT_ASSUMPTIONS,
    onAssumptionsChange: vi.fn(),
    importedUsers: null,
    onImportUsers: vi.fn(),
    importError: null,
    onSelectEvent: vi.fn(),
    ...overrides,
  };
  return { props, ...render(<IdentityOverview {...props} />) };
}

describe('IdentityOverview', () => {
  it('shows the verdict line with its light', () => {
    renderOverview();
    expect(screen.getByText("Same person: matched by username '42'.")).toBeTruthy();
    expect(screen.getByRole('img', { name: 'OK' })).toBeTruthy();
  });

  it('shows both identities, every PF user field included', () => {
    renderOverview();
    const segment = screen.getByRole('region', { name: 'Segment identity' });
    expect(within(segment).getAllByText("'anon-1'")).toHaveLength(1);
    expect(within(segment).getByText('Stored in the browser (localStorage)')).toBeTruthy();
    const pf = screen.getByRole('region', { name: 'Product Fruits user' });
    expect(within(pf).getByText('firstname')).toBeTruthy();
    expect(within(pf).getByText("'Ann'")).toBeTruthy();
    expect(within(pf).getByText('props')).toBeTruthy();
  });

  it('draws the rule path of the latest identify, named by its #, with the users it was judged against', () => {
    renderOverview();
    const rule = screen.getByRole('region', { name: 'Matching rule' });
    expect(within(rule).getByText(/Latest identify #1/)).toBeTruthy();
    const steps = within(within(rule).getByRole('list', { name: 'Matching rule, step by step' })).getAllByRole('listitem');
    expect(steps[0]!.textContent).toContain("'ann@example.com' matches email 'ann@example.com' of PF user '42'");
    expect(steps[1]!.textContent).toContain('not reached');
    expect(steps[2]!.textContent).toContain('not reached');
    expect(within(rule).getByRole('list', { name: 'Known PF users' }).textContent).toBe(
      "username '42', email 'ann@example.com' — the page's PF user ← the event lands here",
    );
  });

  it('lists page and identity findings as text', () => {
    renderOverview();
    const findings = screen.getByRole('region', { name: 'Findings' });
    expect(within(findings).getByText('email-case-mismatch')).toBeTruthy();
    expect(within(findings).getByText('page-level <b>finding</b>')).toBeTruthy();
    expect(findings.querySelector('b')).toBeNull();
  });

  it('opens Segment events from the timeline', () => {
    const { props } = renderOverview();
    const timeline = screen.getByRole('region', { name: 'Identity timeline' });
    expect(within(timeline).getByText("init: username '42', email 'ann@example.com'")).toBeTruthy();
    fireEvent.click(within(timeline).getByRole('button', { name: 'reset()' }));
    expect(props.onSelectEvent).toHaveBeenCalledWith('e-3');
  });

  it('switches assumptions with their plain sentences', () => {
    const { props } = renderOverview();
    fireEvent.click(screen.getByRole('checkbox', { name: 'email compared ignoring letter case' }));
    expect(props.onAssumptionsChange).toHaveBeenCalledWith({ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'anonymousId' } });
    expect(props.onAssumptionsChange).toHaveBeenLastCalledWith({ ...DEFAULT_ASSUMPTIONS, newUserUsername: 'anonymousId' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'alias' }));
    expect(props.onAssumptionsChange).toHaveBeenLastCalledWith({ ...DEFAULT_ASSUMPTIONS, eventTypesRead: [...DEFAULT_ASSUMPTIONS.eventTypesRead, 'alias'] });
  });

  it('summarises the imported users and hands a chosen file over', () => {
    const { props } = renderOverview({
      importedUsers: {
        count: 2,
        fileName: 'users.csv',
        skipped: [{ line: 4, reason: 'no username and no email' }],
        known: [
          { username: 'ann', email: 'ann@example.com', line: 2 },
          { username: 'bob', email: null, line: 3 },
        ],
      },
      importError: 'Not a PF users list (bad.csv); the file is empty',
    });
    expect(screen.getByText('2 PF user(s) from')).toBeTruthy();
    expect(screen.getByText('1 row(s) skipped')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Imported PF users' }).textContent).toBe("username 'ann', email 'ann@example.com'username 'bob', email null");
    expect(screen.getByText('line 4: no username and no email')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Not a PF users list (bad.csv); the file is empty The previous list is still in use.');
    const file = new File(['username\n1'], 'more.csv');
    fireEvent.change(screen.getByLabelText('Import PF users (CSV, JSON, NDJSON)'), { target: { files: [file] } });
    expect(props.onImportUsers).toHaveBeenCalledWith(file);
  });
});

describe('IdentityOverview with a large skipped list', () => {
  it('shows the first skipped rows and counts the rest', () => {
    const skipped = Array.from({ length: 250 }, (_, i) => ({ line: i + 2, reason: 'malformed JSON' }));
    renderOverview({ importedUsers: { count: 1, fileName: 'users.ndjson', skipped, known: [] } });
    expect(screen.getByText('250 row(s) skipped')).toBeTruthy();
    expect(document.querySelectorAll('.users-import__skipped li')).toHaveLength(200);
    expect(screen.getByText('and 50 more')).toBeTruthy();
  });
});
