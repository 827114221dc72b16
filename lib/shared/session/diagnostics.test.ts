import { describe, expect, it } from 'vitest';
import { makePfEvent } from '../../../tests/support/sessionFactory';
import { emptyPf, emptySegment } from './blank';
import { pageDiagnostics, type DiagnosticsInput } from './diagnostics';
import type { PfInfo, SegmentInfo } from './schema';

const segmentOnWindow: SegmentInfo = { ...emptySegment(), detected: true, onWindow: true, globalName: 'analytics', library: 'analytics-next' };
const pfWithUser: PfInfo = { ...emptyPf(), detected: true, ready: true, snippet: 'v2', user: { username: 'ann', email: 'ann@example.com' } };

function codes(input: Partial<DiagnosticsInput>) {
  return pageDiagnostics({ segment: segmentOnWindow, productFruits: pfWithUser, unmatchedPfEvents: [], ...input }).map((f) => `${f.code}:${f.severity}`);
}

describe('pageDiagnostics', () => {
  it('finds nothing on a page wired as PF expects', () => {
    expect(codes({})).toEqual([]);
  });

  it('flags Segment bundled from npm: an error when PF needs window.analytics, a warning otherwise', () => {
    const npm = { ...segmentOnWindow, onWindow: false, globalName: null };
    expect(codes({ segment: npm })).toEqual(['analytics-not-on-window:error']);
    expect(codes({ segment: npm, productFruits: emptyPf() })).toEqual(['analytics-not-on-window:warning', 'segment-without-pf:info']);
  });

  it('says which PF events had no window.analytics to reach, naming at most five types', () => {
    const types = ['a', 'b', 'c', 'd', 'e', 'f', 'f'];
    const [finding] = pageDiagnostics({
      segment: { ...segmentOnWindow, onWindow: false },
      productFruits: pfWithUser,
      unmatchedPfEvents: types.map((t, i) => makePfEvent(i + 1, t)),
    });
    expect(finding).toMatchObject({ code: 'pf-events-not-reaching-segment', severity: 'error' });
    expect(finding?.message).toContain("7 event(s) ('a', 'b', 'c', 'd', 'e' and 1 more)");
    expect(codes({ unmatchedPfEvents: [makePfEvent(1, 'a')] })).toEqual([]);
  });

  it('notices PF without Segment, PF without a user, and a PF user without email', () => {
    expect(codes({ segment: emptySegment() })).toEqual(['pf-without-segment:warning']);
    expect(codes({ productFruits: { ...pfWithUser, user: null } })).toEqual(['pf-without-user:warning']);
    expect(codes({ productFruits: { ...pfWithUser, user: { username: 'ann', email: '  ' } } })).toEqual(['pf-user-without-email:warning']);
  });

  it("says what losing the inspector hook means, once, for the page's words and for an earlier build's", () => {
    const lostBy = (error: string) => pageDiagnostics({
      segment: { ...segmentOnWindow, loadFailures: [{ at: '2026-12-03T12:00:00.000Z', what: 'inspector', url: 'https://app.example/', error }] },
      productFruits: pfWithUser,
      unmatchedPfEvents: [],
    }).find((f) => f.code === 'segment-inspector-lost')?.message;
    const consequence = 'analytics-next instances created from then on are seen from the network only (their calls and built events are not).';
    expect(lostBy('window.__SEGMENT_INSPECTOR__ was replaced by a value that is no object')).toBe(`window.__SEGMENT_INSPECTOR__ was replaced by a value that is no object: ${consequence}`);
    const earlier = 'window.__SEGMENT_INSPECTOR__ was removed and cannot be made again: analytics-next instances created from now on are seen from the network only (their calls and built events are not).';
    expect(lostBy(earlier)).toBe(earlier);
  });
});
