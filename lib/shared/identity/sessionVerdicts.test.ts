import { describe, expect, it } from 'vitest';
import type { JudgedEvent, PfUser, PfUserChange } from './schema';
import { DEFAULT_ASSUMPTIONS } from './assumptions';
import { verdictsForSession } from './sessionVerdicts';

let seq = 0;
function segment(type: string, built: Record<string, unknown> | null, args: unknown[] = [], name: string | null = null): JudgedEvent {
  seq += 1;
  return {
    id: `e-${seq}`,
    seq,
    source: 'segment',
    type,
    name,
    args,
    built: built && { type, anonymousId: 'anon', messageId: `m-${seq}`, context: {}, ...built },
  };
}
const identify = (userId: unknown, traits: Record<string, unknown> = {}) => segment('identify', { userId, traits }, [userId, traits]);
const track = (userId: unknown, name = 'Clicked') => segment('track', { userId, event: name, properties: {} }, [name], name);
const reset = () => segment('reset', null);
const pfSet = (user: PfUser | null, afterSeq: number): PfUserChange => ({ at: `t${afterSeq}`, via: 'init', user, afterSeq });

const codes = (findings: Array<{ code: string }> | undefined) => (findings ?? []).map((f) => f.code);

describe('verdictsForSession', () => {
  it('is grey with nothing to judge', () => {
    const r = verdictsForSession([], [], [], DEFAULT_ASSUMPTIONS);
    expect(r.status.light).toBe('grey');
    expect(r.perEvent.size).toBe(0);
  });

  it('is green when identify and PF agree, with the matching key in the reason', () => {
    seq = 0;
    const events = [identify('42'), track('42')];
    const r = verdictsForSession(events, [pfSet({ username: '42' }, 0)], []);
    expect(r.perEvent.get('e-1')).toMatchObject({ rule: 'username', samePersonAsPage: true, findings: [] });
    expect(r.perEvent.get('e-2')?.rule).toBe('username');
    expect(r.status).toEqual({ light: 'green', reason: "Latest identify #1: same person, matched by username '42'." });
  });

  it('is red for a new user, explained with the userId', () => {
    seq = 0;
    const r = verdictsForSession([identify('u-9')], [pfSet({ username: '42' }, 0)], []);
    expect(r.status.light).toBe('red');
    expect(r.status.reason).toMatch(/^Latest identify #1: Would create a new Product Fruits user for userId 'u-9'/);
  });

  it("says it can't tell, in amber, when no PF user is known from the page or an imported list", () => {
    seq = 0;
    const r = verdictsForSession([identify('u-1', { email: 'a@x.com' }), reset(), identify('u-2', { email: 'b@x.com' })], [], []);
    expect(r.perEvent.get('e-3')?.findings[0]).toMatchObject({ code: 'would-create-new-user', severity: 'warning' });
    expect(r.status.light).toBe('amber');
    expect(r.status.reason).toMatch(/^Latest identify #3: 1 warning: Can't tell whether PF knows this user/);
    seq = 0;
    const imported = verdictsForSession([identify('u-1', { email: 'a@x.com' })], [], [{ username: 'zoe', email: null, line: 2 }]);
    expect(imported.perEvent.get('e-1')?.findings[0]).toMatchObject({ code: 'would-create-new-user', severity: 'error' });
  });

  it('judges the latest identify: an error superseded by a later identify only warns, and says so', () => {
    seq = 0;
    const r = verdictsForSession([identify('u-9'), reset(), identify('43')], [pfSet({ username: '42' }, 0), pfSet({ username: '43' }, 2)], []);
    expect(r.status.light).toBe('amber');
    expect(r.status.reason).toMatch(/^Latest identify #3: same person, matched by username '43'\. Earlier events had 1 error \(first: Would create/);
  });

  it('keeps the light red for an error after the latest identify', () => {
    seq = 0;
    const r = verdictsForSession([identify('42'), track('u-9')], [pfSet({ username: '42' }, 0)], []);
    expect(r.status.light).toBe('red');
    expect(r.status.reason).toMatch(/^Latest identify #1, then a later event: /);
  });

  it('is amber when it works with warnings', () => {
    seq = 0;
    const r = verdictsForSession([identify('42', { email: 'ann@x.com' })], [pfSet({ username: '42' }, 0)], []);
    expect(r.status.light).toBe('amber');
    expect(r.status.reason).toContain("Segment sends email 'ann@x.com' but PF user '42' has no email");
  });

  it('judges each event with the PF user the page had at that moment', () => {
    seq = 0;
    const events = [identify('a'), identify('b')];
    const timeline = [pfSet({ username: 'a' }, 0), pfSet({ username: 'b' }, 1)];
    const r = verdictsForSession(events, timeline, []);
    expect(r.perEvent.get('e-1')).toMatchObject({ pfUser: { username: 'a' }, samePersonAsPage: true });
    expect(r.perEvent.get('e-2')).toMatchObject({ pfUser: { username: 'b' }, samePersonAsPage: true });
    expect(codes(r.perEvent.get('e-2')?.findings)).toEqual(['user-id-changed-without-reset']);
  });

  it('remembers the PF user a webhook event created, so later events land on it', () => {
    seq = 0;
    const events = [identify('u-9'), track('u-9')];
    const r = verdictsForSession(events, [pfSet({ username: '42' }, 0)], []);
    expect(r.perEvent.get('e-1')?.rule).toBe('new-user');
    expect(r.perEvent.get('e-2')).toMatchObject({ rule: 'username', pfUser: { username: 'u-9' }, samePersonAsPage: false });
    expect(codes(r.perEvent.get('e-2')?.findings)).toEqual(['different-person-than-page']);
  });

  it('does not repeat on later calls what an earlier verdict already said', () => {
    seq = 0;
    const events = [identify('7'), track('7'), track('7')];
    const r = verdictsForSession(events, [pfSet({ username: '42' }, 0)], [{ username: '7', email: null, line: 2 }]);
    expect(codes(r.perEvent.get('e-1')?.findings)).toEqual(['different-person-than-page']);
    expect(r.perEvent.get('e-2')?.samePersonAsPage).toBe(false);
    expect(r.perEvent.get('e-2')?.findings).toEqual([]);
  });

  it('flags identify before the page set its PF user: warning when it reaches that user', () => {
    seq = 0;
    const r = verdictsForSession([identify('42')], [pfSet({ username: '42' }, 1)], []);
    const verdict = r.perEvent.get('e-1');
    expect(verdict).toMatchObject({ rule: 'username', samePersonAsPage: null });
    expect(verdict?.findings.map((f) => [f.code, f.severity])).toEqual([['identify-before-pf-user', 'warning']]);
    expect(codes(r.findings)).toEqual(['identify-before-pf-user']);
  });

  it('flags identify before the page set its PF user: error when it goes elsewhere', () => {
    seq = 0;
    const r = verdictsForSession([identify('u1')], [pfSet({ username: '42' }, 1)], []);
    const finding = r.findings.find((f) => f.code === 'identify-before-pf-user');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain("PF would create a new user");
  });

  it('flags a reset while the page keeps its PF user, not when the page clears it', () => {
    seq = 0;
    const kept = verdictsForSession([identify('42'), reset(), identify('43')], [pfSet({ username: '42' }, 0)], []);
    expect(codes(kept.findings)).toContain('reset-while-pf-keeps-user');
    expect(codes(kept.findings)).not.toContain('user-id-changed-without-reset');
    seq = 0;
    const cleared = verdictsForSession(
      [identify('42'), reset(), identify('43')],
      [pfSet({ username: '42' }, 0), pfSet(null, 2), pfSet({ username: '43' }, 2)],
      [],
    );
    expect(codes(cleared.findings)).not.toContain('reset-while-pf-keeps-user');
    expect(cleared.status.light).toBe('green');
  });

  it('flags tracks sent before anyone was identified, once for the session', () => {
    seq = 0;
    const events = [track(null, 'Viewed'), track(null), identify('42')];
    const r = verdictsForSession(events, [pfSet({ username: '42' }, 0)], []);
    const finding = r.findings.find((f) => f.code === 'track-from-unidentified-user');
    expect(finding?.message).toMatch(/^2 track call\(s\) \(first: 'Viewed' event e-1\)/);
    expect(r.perEvent.has('e-1')).toBe(false);
    expect(r.perEvent.get('e-3')?.samePersonAsPage).toBe(true);
  });

  it('falls back to the raw arguments when the built event was not seen', () => {
    seq = 0;
    const bpc = { __t: 'bpc', c: {}, p: '/', u: 'https://app.example.com/', s: '', t: 'App', r: '' };
    const traitsOnly = segment('identify', null, [{ email: 'ann@x.com' }, bpc]);
    const withId = segment('identify', null, ['42', { email: 'ann@x.com' }, bpc]);
    const later = segment('track', null, ['Clicked', {}, bpc], 'Clicked');
    const r = verdictsForSession([traitsOnly, withId, later], [pfSet({ username: '42', email: 'ann@x.com' }, 0)], []);
    expect(r.perEvent.get('e-1')).toMatchObject({ rule: 'email', samePersonAsPage: true });
    expect(codes(r.perEvent.get('e-1')?.findings)).toEqual(['user-id-missing']);
    expect(r.perEvent.get('e-2')).toMatchObject({ rule: 'email', pfUser: { username: '42' } });
    // the track carries the userId Segment stored from the identify
    expect(r.perEvent.get('e-3')).toMatchObject({ rule: 'username', samePersonAsPage: true });
  });

  it('prefers the sent payload, ignores PF events and event types PF does not read', () => {
    seq = 0;
    const sent = { ...identify('stale'), sent: { type: 'identify', userId: '42', traits: {} } };
    const pfEvent: JudgedEvent = { ...track('x'), source: 'productfruits', type: 'tour-finished' };
    const alias = segment('alias', { userId: '42', previousId: '42' });
    const r = verdictsForSession([sent, pfEvent, alias], [pfSet({ username: '42' }, 0)], []);
    expect(r.perEvent.get('e-1')?.pfUser?.username).toBe('42');
    expect([...r.perEvent.keys()]).toEqual(['e-1']);
  });
});
