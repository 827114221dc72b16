// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { LinkView } from './LinkView';
import type { SessionEvent } from '../../lib/shared/session/schema';

afterEach(cleanup);

const base: SessionEvent = {
  id: 'e-1', seq: 1, capturedAt: '2026-01-01T00:00:00.000Z', pageUrl: 'https://app.example/', frameUrl: null, source: 'productfruits',
  type: 'tour-finished', name: 't1', args: [], built: null, sent: null, delivery: null, via: 'productfruits',
};
const track: SessionEvent = { ...base, id: 'e-2', seq: 2, source: 'segment', type: 'track', name: 'Product Tour Completed', via: 'instance' };

describe('LinkView', () => {
  it('says when a link was made by timing, and where a name came from', () => {
    render(<LinkView event={{ ...base, pfLink: { eventId: 'e-2', by: 'timing' } }} linked={track} onSelectEvent={() => undefined} />);
    expect(document.body.textContent).toContain('joined by timing only');
    cleanup();
    render(<LinkView event={{ ...base, pfLink: { eventId: 'e-2', by: 'name', nameFrom: 'learned' } }} linked={track} onSelectEvent={() => undefined} />);
    expect(document.body.textContent).toContain('learned on this page');
    cleanup();
    render(<LinkView event={{ ...base, pfLink: { eventId: 'e-2', by: 'name', nameFrom: 'verified' } }} linked={track} onSelectEvent={() => undefined} />);
    expect(screen.getByText(/PF's published event table/)).toBeTruthy();
  });
});
