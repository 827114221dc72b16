import { describe, expect, it } from 'vitest';
import { buildRows, stepSelection } from './rows';
import { formatEventTime } from './time';
import { makeEvent } from '../../../tests/support/sessionFactory';
import { summarize } from '../../shared/session/summary';

const events = [makeEvent(1), makeEvent(2), makeEvent(5)].map(summarize);
const nav = (beforeSeq: number) => ({ beforeSeq, at: '2026-11-29T18:00:00.000Z', url: `https://x/${beforeSeq}` });
const shape = (rows: ReturnType<typeof buildRows>) =>
  rows.map((r) => (r.kind === 'event' ? r.event.seq : r.kind === 'navigation' ? `nav${r.navigation.beforeSeq}` : `user${r.change.afterSeq}`));
const change = (afterSeq: number) => ({ at: '2026-11-29T18:00:00.000Z', via: 'identifyUser', user: { username: '42' }, afterSeq });

describe('buildRows', () => {
  it('puts a divider before the event whose seq is beforeSeq', () => {
    expect(shape(buildRows(events, [nav(2)]))).toEqual([1, 'nav2', 2, 5]);
  });
  it('places a divider whose event is filtered out before the next visible one, and trailing ones last', () => {
    expect(shape(buildRows(events, [nav(9), nav(3)]))).toEqual([1, 2, 'nav3', 5, 'nav9']);
  });
});

describe('buildRows with PF user changes', () => {
  it('puts a user change after the event whose seq is afterSeq, after a navigation at the same spot', () => {
    expect(shape(buildRows(events, [nav(2)], [change(1), change(0), change(5)]))).toEqual(['user0', 1, 'nav2', 'user1', 2, 5, 'user5']);
  });
});

describe('stepSelection', () => {
  const rows = buildRows(events, [nav(2)]);
  it('skips dividers and stops at the ends', () => {
    expect(stepSelection(rows, 'e-1', 1)).toBe('e-2');
    expect(stepSelection(rows, 'e-2', -1)).toBe('e-1');
    expect(stepSelection(rows, 'e-5', 1)).toBe('e-5');
  });
  it('starts at the first or last event without a selection', () => {
    expect(stepSelection(rows, null, 1)).toBe('e-1');
    expect(stepSelection(rows, null, -1)).toBe('e-5');
  });
});

describe('formatEventTime', () => {
  it('shows offsets from the origin in relative mode', () => {
    const origin = Date.parse('2026-11-29T17:59:00.000Z');
    expect(formatEventTime('2026-11-29T17:59:01.250Z', 'relative', origin)).toBe('+1.250s');
  });
  it('shows local clock time in absolute mode', () => {
    const d = new Date('2026-11-29T17:59:01.250Z');
    expect(formatEventTime(d.toISOString(), 'absolute', null)).toMatch(/^\d\d:\d\d:01\.250$/);
  });
});
