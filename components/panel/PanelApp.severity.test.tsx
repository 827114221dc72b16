// @vitest-environment happy-dom
/**
 * The Events view's marks, chip and strip against the headline light, on sessions judged as the
 * panel judges them: the worst severity the view shows is the light's colour.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { rejudgeDocument } from '../../lib/shared/session/rejudge';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { useListViewport } from '../../tests/support/viewport';
import { makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { PanelApp } from './PanelApp';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

const ANN = { username: '42', email: 'ann@example.com' };

function judged(events: SessionEvent[], pageUser: typeof ANN | null) {
  const base = makeSession();
  const productFruits = { ...base.productFruits, user: pageUser, userTimeline: pageUser ? [{ at: base.exportedAt, via: 'init' as const, user: pageUser, afterSeq: 0 }] : [] };
  return rejudgeDocument(makeSession({ productFruits, events }), [], DEFAULT_ASSUMPTIONS);
}

const identifyAs = (seq: number, userId: string, email: string) =>
  makeIdentify(seq, userId, { args: [userId, { email }], built: { type: 'identify', userId, traits: { email } }, sent: { type: 'identify', userId, traits: { email } } });

const LEVELS = ['ok', 'warning', 'error'] as const;
const LIGHT_LEVEL = { green: 'ok', amber: 'warning', red: 'error' } as const;

/** The worst of what the Events view colours: the strip, the findings chip, every verdict and row mark. */
function worstShown(container: HTMLElement): (typeof LEVELS)[number] {
  const shown: string[] = [];
  for (const el of container.querySelectorAll('.status-strip, .chip, .verdict, .row-status')) {
    for (const cls of el.classList) {
      const level = /--(?:light-)?(ok|warning|error|green|amber|red)$/.exec(cls)?.[1];
      if (level) shown.push(level in LIGHT_LEVEL ? LIGHT_LEVEL[level as keyof typeof LIGHT_LEVEL] : level);
    }
  }
  return LEVELS[Math.max(...shown.map((level) => LEVELS.indexOf(level as (typeof LEVELS)[number])))]!;
}

function renderPanel(doc: { document: SessionDocument; status: { light: string } } & ReturnType<typeof judged>) {
  return render(<PanelApp store={makePanelStore(doc.document, { status: doc.status })} identityView />);
}

describe('the Events view and the headline light', () => {
  const sessions: Record<string, ReturnType<typeof judged>> = {
    // #1 lands on another person, #2 identifies the page's user: the error was superseded, the light amber.
    'a superseded error': judged([identifyAs(1, '7', 'bob@example.com'), identifyAs(2, '42', 'ann@example.com')], ANN),
    // A track before any identify: a session finding no event carries.
    'a session finding only': judged([makeEvent(1, { name: 'Opened' }), identifyAs(2, '42', 'ann@example.com')], ANN),
    // No PF user on the page: #1 can't tell, #2 lands on the user #1 would create; the light is green.
    'an unsettled same-person': judged([identifyAs(1, '7', 'bob@example.com'), identifyAs(2, '7', 'bob@example.com')], null),
    'the happy path': judged([identifyAs(1, '42', 'ann@example.com')], ANN),
  };

  for (const [name, session] of Object.entries(sessions)) {
    it(`shows the light's severity and no worse: ${name}`, () => {
      const { container } = renderPanel(session);
      expect(session.status.light).not.toBe('grey');
      expect(worstShown(container)).toBe(LIGHT_LEVEL[session.status.light as keyof typeof LIGHT_LEVEL]);
    });
  }

  it('notes a superseded error as a warning and says why', () => {
    expect(sessions['a superseded error']!.status.light).toBe('amber');
    renderPanel(sessions['a superseded error']!);
    const first = screen.getAllByRole('option').find((o) => o.dataset.eventId === 'e-1')!;
    expect(within(first).getByRole('img', { name: /superseded by the latest identify/ })).toBeTruthy();
  });
});

describe('"has findings" and page-level findings', () => {
  const session = judged([makeEvent(1, { name: 'Opened' }), identifyAs(2, '7', 'bob@example.com')], ANN);
  const withPage = {
    ...session,
    document: { ...session.document, diagnostics: [...session.document.diagnostics, { code: 'pf-without-user', severity: 'warning' as const, message: 'Product Fruits was loaded without a user object.' }] },
  };

  it('counts the findings no event carries with the events that have some', () => {
    renderPanel(withPage);
    const chip = screen.getByRole('button', { name: /has findings/ });
    // one event with findings (#2), the unidentified track and the page diagnostic
    expect(chip.textContent).toBe('has findings 3');
    expect(chip.title).toBe('1 event with findings and 2 page findings (listed in the page overview)');
  });

  it('leads from the chip to the page overview, which lists them', () => {
    renderPanel(withPage);
    fireEvent.click(screen.getAllByRole('option').find((o) => o.dataset.eventId === 'e-2')!);
    expect(screen.queryByRole('region', { name: 'Page overview' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /has findings/ }));
    expect(screen.getByRole('note').textContent).toContain('2 page findings belong to no event');
    fireEvent.click(screen.getByRole('button', { name: 'Show in the page overview' }));
    const overview = screen.getByRole('region', { name: 'Page diagnostics' });
    expect(overview.textContent).toContain('Product Fruits was loaded without a user object.');
    expect(overview.textContent).toContain('before any identify');
  });
});
