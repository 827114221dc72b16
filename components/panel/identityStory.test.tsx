// @vitest-environment happy-dom
/**
 * Issue 13's "one identity story": the headline, the rule path, the what-if and the popup judge
 * one subject (the latest identify, named by its #) against the same known PF users.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { PfUser, SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { useListViewport } from '../../tests/support/viewport';
import { liveSession, makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeSession } from '../../tests/support/sessionFactory';
import { PanelApp } from './PanelApp';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

function identify(seq: number, userId: string, email: string): SessionEvent {
  const payload = { type: 'identify', userId, anonymousId: 'anon-1', traits: { email }, messageId: `m-${seq}` };
  return makeEvent(seq, { type: 'identify', name: null, args: [userId, { email }], built: payload, sent: payload });
}

function track(seq: number, userId: string, name: string): SessionEvent {
  const payload = { type: 'track', userId, anonymousId: 'anon-1', event: name, properties: {}, messageId: `m-${seq}` };
  return makeEvent(seq, { name, args: [name], built: payload, sent: payload });
}

function judged(events: SessionEvent[], pfUser: PfUser | null) {
  const doc = makeSession({
    productFruits: {
      ...makeSession().productFruits,
      detected: pfUser !== null,
      user: pfUser,
      userTimeline: pfUser ? [{ at: '2026-11-29T17:59:00.000Z', via: 'init', user: pfUser, afterSeq: 0 }] : [],
    },
    events,
  });
  return rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS);
}

function openIdentity(session: { document: SessionDocument; status: { light: 'green' | 'amber' | 'red' | 'grey'; reason: string } }) {
  const store = makePanelStore(session.document, { status: session.status });
  render(<PanelApp store={store} identityView />);
  fireEvent.click(within(screen.getByRole('tablist', { name: 'Panel view' })).getByRole('tab', { name: 'Identity' }));
  return store;
}

const rulePath = () => within(screen.getByRole('region', { name: 'Matching rule' }));
const whatIf = () => within(screen.getByRole('region', { name: 'What if' }));
const whatIfRule = () => whatIf().getByLabelText('What-if verdict').querySelector('dd')?.textContent;
const headline = () => screen.getByRole('region', { name: 'Matching rule' }).ownerDocument.querySelector('.identity-overview .status-light')?.textContent ?? '';
const stepOutcomes = (scope: ReturnType<typeof within>) =>
  scope
    .getAllByRole('listitem')
    .filter((li: HTMLElement) => li.classList.contains('rule-path__step'))
    .map((li: HTMLElement) => li.className.replace(/.*--/, ''));

describe('one identity story', () => {
  it('identities that disagree, logged in twice: every view is about #2 and the user #1 would create', () => {
    const page = { username: 'ann', email: 'ann@example.com' };
    openIdentity(judged([identify(1, 'u-ann', 'x@example.com'), identify(2, 'u-ann', 'x@example.com')], page));
    expect(headline()).toContain('#2');
    expect(rulePath().getByText(/Latest identify #2/)).toBeTruthy();
    expect(stepOutcomes(rulePath())[0]).toBe('found');
    expect(rulePath().getByText(/created by event #1/)).toBeTruthy();
    expect(rulePath().getByText(/the page's PF user/)).toBeTruthy();
    expect(whatIfRule()).toBe('email');
    expect(stepOutcomes(whatIf())).toEqual(stepOutcomes(rulePath()));
    expect(whatIf().getByText(/created by event #1/)).toBeTruthy();
  });

  it('no PF on the page, identifies for u-1, u-3, u-2: every view is about u-2, and says it cannot tell', () => {
    const events = [identify(1, 'u-1', 'same@example.com'), identify(2, 'u-3', 'same@example.com'), identify(3, 'u-2', 'same@example.com')];
    const session = judged(events, null);
    openIdentity(session);
    expect(session.status.light).not.toBe('red');
    expect(headline()).toContain('#3');
    expect(rulePath().getByText(/Latest identify #3/)).toBeTruthy();
    expect(rulePath().getByText(/created by event #1/)).toBeTruthy();
    expect((whatIf().getByLabelText('Segment userId') as HTMLInputElement).value).toBe('u-2');
    expect(whatIfRule()).toBe('email');
    expect(stepOutcomes(whatIf())).toEqual(stepOutcomes(rulePath()));
  });

  it("no PF and no list: says it can't tell in amber, with the import right under the headline", () => {
    const session = judged([identify(1, 'u-1', 'a@example.com')], null);
    openIdentity(session);
    expect(session.status.light).toBe('amber');
    expect(headline()).toMatch(/Can't tell whether PF knows this user: import the PF users list or type the PF user/);
    const users = screen.getByRole('region', { name: 'Imported PF users' });
    expect(users.textContent).toContain("Can't tell: import the PF users list or type the PF user");
    const sections = [...document.querySelectorAll('.identity-overview > section')].map((el) => el.getAttribute('aria-label'));
    expect(sections.indexOf('Imported PF users')).toBeLessThan(sections.indexOf('Matching rule'));
    expect(within(users).getByLabelText(/Import PF users/)).toBeTruthy();
  });

  it('the happy path: the headline, the rule path and the what-if all say matched by email on the identify', () => {
    const page = { username: '42', email: 'ann@example.com' };
    const session = judged([identify(1, '42', 'ann@example.com'), track(2, '42', 'Clicked')], page);
    openIdentity(session);
    expect(session.status.light).toBe('green');
    expect(headline()).toMatch(/Latest identify #1.*email 'ann@example.com'/);
    expect(stepOutcomes(rulePath())).toEqual(['found', 'not-reached', 'not-reached']);
    expect(whatIfRule()).toBe('email');
  });

  it('the what-if follows a new identify until edited, then says it differs from the session', () => {
    const page = { username: '42', email: 'ann@example.com' };
    const first = judged([identify(1, '42', 'ann@example.com')], page);
    const store = openIdentity(first);
    expect((whatIf().getByLabelText('Segment userId') as HTMLInputElement).value).toBe('42');
    const second = judged([identify(1, '42', 'ann@example.com'), identify(2, '43', 'bob@example.com')], page);
    act(() => store.getState().setLive(liveSession(second.document, second.status)));
    expect((whatIf().getByLabelText('Segment userId') as HTMLInputElement).value).toBe('43');
    expect(whatIf().getByText(/Follows the session: Latest identify #2/)).toBeTruthy();
    fireEvent.change(whatIf().getByLabelText('Segment userId'), { target: { value: '42' } });
    expect(whatIf().getByText(/differs from the session \(Latest identify #2\)/)).toBeTruthy();
    expect(store.getState().whatIf?.segmentUserId).toBe('42');
    fireEvent.click(whatIf().getByRole('button', { name: "Back to the session's values" }));
    expect((whatIf().getByLabelText('Segment userId') as HTMLInputElement).value).toBe('43');
  });

  it("the event's Identity tab draws the same rule path and known users, and names the headline's subject", () => {
    const page = { username: 'ann', email: 'ann@example.com' };
    const store = openIdentity(judged([identify(1, 'u-ann', 'x@example.com'), identify(2, 'u-ann', 'x@example.com')], page));
    const overview = stepOutcomes(rulePath());
    act(() => {
      store.getState().showEvent('e-2');
      store.getState().setDetailTab('identity');
    });
    const detail = within(screen.getByRole('region', { name: 'Event detail' }));
    expect(stepOutcomes(detail)).toEqual(overview);
    expect(detail.getByText(/created by event #1/)).toBeTruthy();
    expect(detail.getByText(/This is the latest identify \(#2\)/)).toBeTruthy();
    act(() => store.getState().select('e-1', true));
    expect(within(screen.getByRole('region', { name: 'Event detail' })).getByText(/The headline judges the latest identify, #2; this tab judges #1/)).toBeTruthy();
  });

  it('a one-line status strip above the event list states the current verdict and links to the Identity view', () => {
    const page = { username: '42', email: 'ann@example.com' };
    const session = judged([identify(1, '42', 'ann@example.com'), track(2, '42', 'Clicked')], page);
    const store = makePanelStore(session.document, { status: session.status });
    render(<PanelApp store={store} identityView />);
    const strip = screen.getByRole('region', { name: 'Current verdict' });
    expect(strip.textContent).toContain(session.status.reason);
    expect(strip.textContent).toContain('Latest identify #1');
    fireEvent.click(within(strip).getByRole('button', { name: 'Identity view' }));
    expect(store.getState().view).toBe('identity');
  });

  it('an empty page: a grey headline and no what-if errors about a hypothetical event', () => {
    openIdentity(judged([], null));
    expect(headline()).toMatch(/Nothing to judge yet/);
    expect(whatIf().queryByLabelText('What-if verdict')).toBeNull();
    expect(screen.getByRole('region', { name: 'What if' }).querySelectorAll('.finding').length).toBe(0);
  });
});
