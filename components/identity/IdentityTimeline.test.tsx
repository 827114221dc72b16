// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventRow } from '../panel/EventRow';
import { formatEventTime } from '../../lib/extension-pages/panel/time';
import { makeEvent, makeSession } from '../../tests/support/sessionFactory';
import { IdentityTimeline } from './IdentityTimeline';
import { summarize } from '../../lib/shared/session/summary';
import { PanelStoreContext } from '../panel/store';
import { makePanelStore } from '../../tests/support/panelStore';

describe('IdentityTimeline times', () => {
  let savedTz: string | undefined;
  beforeEach(() => {
    savedTz = process.env.TZ;
    process.env.TZ = 'Asia/Kathmandu';
  });
  afterEach(() => {
    cleanup();
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('shows the same local time as the event list, names the zone and keeps the instant in a tooltip', () => {
    const identify = makeEvent(1, { type: 'identify', name: null, capturedAt: '2026-11-29T18:00:01.125Z', args: ['42'] });
    render(<IdentityTimeline session={makeSession({ events: [identify] })} />);
    render(
      <EventRow event={summarize(identify)} time={formatEventTime(identify.capturedAt, 'absolute', null)} selected={false} search="" onSelect={() => {}} top={0} height={20} />,
    );
    const shown = screen.getAllByText('23:45:01.125');
    expect(shown).toHaveLength(2);
    for (const el of shown) expect(el.getAttribute('title')).toBe('2026-11-29 23:45:01.125 UTC+05:45 (2026-11-29T18:00:01.125Z)');
    expect(screen.getByText('Times in UTC+05:45')).toBeTruthy();
  });

  it("follows the panel's time mode: seconds from the session's first event, as the list counts them", () => {
    const events = [makeEvent(1, { name: 'Opened' }), makeEvent(2, { type: 'identify', name: null, args: ['42'] })];
    const session = makeSession({ events });
    const store = makePanelStore(session);
    store.getState().setTimeMode('relative');
    render(
      <PanelStoreContext.Provider value={store}>
        <IdentityTimeline session={session} />
      </PanelStoreContext.Provider>,
    );
    const shown = screen.getByText(formatEventTime(events[1]!.capturedAt, 'relative', Date.parse(events[0]!.capturedAt)));
    expect(shown.textContent).toBe('+1.000s');
    expect(shown.getAttribute('title')).toContain(events[1]!.capturedAt);
    expect(screen.getByText('Times from the first event')).toBeTruthy();
  });
});
