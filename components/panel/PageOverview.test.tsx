// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { PageOverview } from './PageOverview';
import { makeSession } from '../../tests/support/sessionFactory';

afterEach(cleanup);

describe('PageOverview', () => {
  it('shows the page, Segment with its stored identity, PF and diagnostics', () => {
    const session = makeSession({
      diagnostics: [{ code: 'analytics-not-on-window', severity: 'error', message: 'Segment is not on window.' }],
    });
    session.segment.identity = { userId: '42', anonymousId: 'anon-1', groupId: null, traits: null, source: 'localStorage' };
    render(<PageOverview session={session} />);
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    const segment = screen.getByRole('region', { name: 'Segment' }).textContent;
    expect(segment).toContain('analytics-next 1.84.3');
    expect(segment).toContain('window.analytics');
    expect(segment).toContain('anon-1');
    expect(segment).toContain('localStorage');
    expect(screen.getByRole('region', { name: 'Page diagnostics' }).textContent).toContain('Segment is not on window.');
    expect(screen.getByRole('region', { name: 'Product Fruits' })).toBeTruthy();
  });
});
