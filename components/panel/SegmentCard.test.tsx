// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { SegmentCard } from './SegmentCard';
import { emptySegment } from '../../lib/shared/session/blank';

afterEach(cleanup);

describe('SegmentCard', () => {
  it('shows each of two instances with its own library, write key, global and sent events', () => {
    render(
      <SegmentCard
        segment={{
          ...emptySegment(),
          detected: true,
          library: 'analytics-next',
          version: '1.84.3',
          writeKey: 'k-two',
          globalName: 'analytics',
          onWindow: true,
          instances: [
            { library: 'analytics-next', version: '1.84.3', writeKey: 'k-npm', globalName: null, onWindow: false, frameUrl: null, sentEvents: 1 },
            { library: 'analytics-next', version: '1.84.3', writeKey: 'k-two', globalName: 'analytics', onWindow: true, frameUrl: null, sentEvents: 2 },
          ],
        }}
      />,
    );
    const items = within(screen.getByRole('list', { name: 'Segment instances' })).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'analytics-next 1.84.3, write key k-npm, npm package only (no global); sent 1 event',
      'analytics-next 1.84.3, write key k-two, window.analytics; sent 2 events',
    ]);
  });

  it('keeps the single-instance facts when there is one instance', () => {
    render(<SegmentCard segment={{ ...emptySegment(), detected: true, library: 'analytics.js', writeKey: 'classic-k', globalName: 'analytics', onWindow: true }} />);
    const text = screen.getByRole('region', { name: 'Segment' }).textContent;
    expect(text).toContain('classic-k');
    expect(screen.queryByRole('list', { name: 'Segment instances' })).toBeNull();
  });
});
