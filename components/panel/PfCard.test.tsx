// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { PfCard } from './PfCard';
import { Diagnostics } from './Diagnostics';
import { makeSession } from '../../tests/support/sessionFactory';

afterEach(cleanup);

describe('PfCard', () => {
  it("says PF is unknown, not missing, when nothing watched the page (a HAR has no PF user timeline)", () => {
    const { userTimeline: _none, ...pf } = makeSession().productFruits;
    render(<PfCard productFruits={{ ...pf, detected: false }} />);
    const card = screen.getByRole('region', { name: 'Product Fruits' });
    expect(card.textContent).toContain("Unknown: a HAR holds only network requests");
    expect(card.textContent).not.toContain('not found');
    cleanup();
    render(<PfCard productFruits={{ ...pf, detected: false, userTimeline: [] }} />);
    expect(screen.getByRole('region', { name: 'Product Fruits' }).textContent).toContain('Product Fruits was not found on this page.');
  });

  it('shows how PF is loaded and every field of its user', () => {
    const pf = makeSession().productFruits;
    render(<PfCard productFruits={{ ...pf, user: { username: '42', email: 'ann@example.com', props: { plan: 'pro' } } }} />);
    const card = screen.getByRole('region', { name: 'Product Fruits' });
    expect(card.textContent).toContain('WsCode');
    expect(card.textContent).toContain('v2');
    expect(card.textContent).toContain('ann@example.com');
    expect(card.textContent).toContain('{"plan":"pro"}');
  });

  it('lists the user timeline in order', () => {
    const pf = makeSession().productFruits;
    render(
      <PfCard
        productFruits={{
          ...pf,
          userTimeline: [
            { at: '2026-11-29T17:59:00Z', via: 'init', user: { username: 'anon' }, afterSeq: 0 },
            { at: '2026-11-29T17:59:05Z', via: 'identifyUser', user: { username: '42', email: 'ann@example.com' }, afterSeq: 4 },
            { at: '2026-11-29T17:59:09Z', via: 'updateUserData', user: null, afterSeq: 9 },
          ],
        }}
      />,
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toHaveLength(3);
    expect(items[0]).toContain('init after event #0: username anon, email none');
    expect(items[1]).toContain('identifyUser after event #4: username 42, email ann@example.com');
    expect(items[2]).toContain('user removed');
  });

  it('says when PF is missing', () => {
    render(<PfCard productFruits={{ ...makeSession().productFruits, detected: false }} />);
    expect(screen.getByText('Product Fruits was not found on this page.')).toBeTruthy();
  });
});

describe('Diagnostics', () => {
  it('shows each finding with its severity', () => {
    render(
      <Diagnostics
        findings={[
          { code: 'analytics-not-on-window', severity: 'error', message: 'Segment is not on window.' },
          { code: 'pf-not-ready', severity: 'info', message: '<b>PF</b> is loading.' },
        ]}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0]!.textContent).toBe(
      'errorSegment is not on window. What to do: `window.analytics = analytics` (the AnalyticsBrowser) after loading.analytics-not-on-window',
    );
    expect(items[1]!.querySelector('b')).toBeNull();
  });

  it('says when there is nothing to report', () => {
    render(<Diagnostics findings={[]} />);
    expect(screen.getByText('No problems found on this page.')).toBeTruthy();
  });
});
