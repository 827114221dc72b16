import { describe, expect, it } from 'vitest';
import { makeEvent, makePfEvent } from '../../../tests/support/sessionFactory';
import type { SessionEvent } from '../../shared/session/schema';
import { summarize } from '../../shared/session/summary';
import { buildRows } from './rows';
import { describePfGroup, foldPfGroups, pfGroups, pfKind, type PanelRow } from './pfGroups';

/** The list works on event summaries, as the panel holds them. */
const pfSummary = (...args: Parameters<typeof makePfEvent>) => summarize(makePfEvent(...args));
const segmentSummary = (...args: Parameters<typeof makeEvent>) => summarize(makeEvent(...args));

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const listen = (seq: number, ms: number, track?: string) =>
  pfSummary(seq, 'tour-finished', { capturedAt: at(ms), name: '1', pfModule: 'tours', pfLink: track ? { eventId: track, by: 'name', nameFrom: 'unverified' } : null });
const forwarded = (seq: number, ms: number, track?: string) =>
  pfSummary(seq, 'tour_finished', { capturedAt: at(ms), name: '1', pfModule: 'analytics', pfLink: track ? { eventId: track, by: 'name', nameFrom: 'guessed' } : null });
const track = (seq: number, ms: number, pf?: string, overrides: Partial<SessionEvent> = {}) =>
  segmentSummary(seq, { type: 'track', name: 'Tour Finished', capturedAt: at(ms), pfLink: pf ? { eventId: pf, by: 'name' } : null, ...overrides });

/** A tour finished: listen, forwardEvent, the track; then an unrelated page call. */
const action = [listen(1, 0, 'e-3'), forwarded(2, 1, 'e-3'), track(3, 2, 'e-1'), segmentSummary(4, { type: 'page', name: null, capturedAt: at(500) })];
const shape = (rows: PanelRow[]) =>
  rows.map((r) => (r.kind !== 'event' ? r.kind : `${r.event.seq}${r.group ? (r.group.role === 'head' ? (r.group.expanded ? 'v' : '>') : '-') : ''}`));

describe('pfKind', () => {
  it('names listen and forwardEvent spellings of one action alike', () => {
    expect(pfKind('tour-finished')).toBe('Tour finished');
    expect(pfKind('tour_finished')).toBe('Tour finished');
    expect(pfKind('announcements_popup_opened')).toBe('Announcements popup opened');
  });
});

describe('pfGroups', () => {
  it('puts both PF reports and the track they produced in one group', () => {
    const groups = pfGroups(action);
    const group = groups.get('e-1')!;
    expect(groups.get('e-2')).toBe(group);
    expect(groups.get('e-3')).toBe(group);
    expect(groups.has('e-4')).toBe(false);
    expect(group.pfEvents.map((e) => e.seq)).toEqual([1, 2]);
    expect(group.track?.seq).toBe(3);
  });

  it('groups the two reports of an action that reached no track, but not a later action', () => {
    const groups = pfGroups([listen(1, 0), forwarded(2, 1), listen(3, 5000)]);
    expect(groups.get('e-2')).toBe(groups.get('e-1'));
    expect(groups.get('e-3')).not.toBe(groups.get('e-1'));
    expect(groups.get('e-1')?.track).toBeNull();
  });

  it('keeps separate groups for two actions linked to two tracks', () => {
    const groups = pfGroups([listen(1, 0, 'e-2'), track(2, 1, 'e-1'), listen(3, 100, 'e-4'), track(4, 101, 'e-3')]);
    expect(groups.get('e-1')).not.toBe(groups.get('e-3'));
    expect(groups.get('e-4')?.pfEvents.map((e) => e.seq)).toEqual([3]);
  });
});

describe('describePfGroup', () => {
  it('says which track PF sent and how it was delivered', () => {
    expect(describePfGroup(pfGroups(action).get('e-1')!)).toBe("PF Tour finished (tour 1) → Segment track 'Tour Finished' · delivered 200");
  });

  it('says when the action was not sent to Segment: no track, or a track no library built or sent', () => {
    expect(describePfGroup(pfGroups([listen(1, 0)]).get('e-1')!)).toBe('PF Tour finished (tour 1) → ✗ not sent to Segment');
    const stub = [listen(1, 0, 'e-2'), track(2, 1, 'e-1', { built: null, sent: null, delivery: null })];
    expect(describePfGroup(pfGroups(stub).get('e-1')!)).toBe('PF Tour finished (tour 1) → ✗ not sent to Segment');
  });
});

describe('foldPfGroups', () => {
  const groups = pfGroups(action);
  const rows = buildRows(action);

  it('shows a folded group as one head row', () => {
    expect(shape(foldPfGroups(rows, groups, new Set()))).toEqual(['1>', '4']);
  });

  it('lists the other members under the head when expanded', () => {
    expect(shape(foldPfGroups(rows, groups, new Set(['e-1'])))).toEqual(['1v', '2-', '3-', '4']);
  });

  it('heads the group with the first visible PF event, and leaves a track alone when its PF events are filtered away', () => {
    expect(shape(foldPfGroups(buildRows([action[1]!, action[2]!]), groups, new Set()))).toEqual(['2>']);
    expect(shape(foldPfGroups(buildRows([action[2]!, action[3]!]), groups, new Set()))).toEqual(['3', '4']);
  });

  it('keeps marker rows where they are', () => {
    const withNav = buildRows(action, [{ beforeSeq: 4, at: at(400), url: 'https://x/next' }]);
    expect(shape(foldPfGroups(withNav, groups, new Set()))).toEqual(['1>', 'navigation', '4']);
  });
});
