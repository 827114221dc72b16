import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../identity/assumptions';
import { makeEvent, makeIdentify, makeSession } from '../../../tests/support/sessionFactory';
import { rejudgeDocument } from './rejudge';
import type { SessionDocument } from './schema';

const pageUser = { username: '42', email: 'ann@example.com' };

function session(email: string, diagnostics: SessionDocument['diagnostics'] = []): SessionDocument {
  const identify = makeIdentify(2, '7', {
    built: { type: 'identify', userId: '7', traits: { email } },
    sent: { type: 'identify', userId: '7', traits: { email } },
  });
  return makeSession({
    productFruits: { ...makeSession().productFruits, user: pageUser, userTimeline: [{ at: '2026-11-29T17:59:00.500Z', via: 'init', user: pageUser, afterSeq: 0 }] },
    events: [makeEvent(1), identify],
    diagnostics,
  });
}

describe('rejudgeDocument', () => {
  it('recomputes verdicts with the imported users', () => {
    const doc = session('bob@example.com');
    const before = rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS);
    expect(before.document.events[1]!.verdict!.rule).toBe('new-user');

    const after = rejudgeDocument(doc, [{ username: '7', email: 'bob@example.com', line: 2 }], DEFAULT_ASSUMPTIONS);
    expect(after.document.events[1]!.verdict).toMatchObject({ rule: 'email', pfUser: { username: '7' }, samePersonAsPage: false });
    expect(after.status.light).toBe('red');
  });

  it('applies the assumptions', () => {
    const doc = session('ANN@example.com');
    const strict = rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS);
    expect(strict.document.events[1]!.verdict!.rule).toBe('new-user');
    const loose = rejudgeDocument(doc, [], { ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true });
    expect(loose.document.events[1]!.verdict).toMatchObject({ rule: 'email', samePersonAsPage: true });
    expect(loose.document.events[1]!.verdict!.assumptions).toContain('email compared ignoring letter case');
  });

  it('keeps page diagnostics and replaces identity findings', () => {
    const page = { code: 'pf-without-segment', severity: 'warning' as const, message: 'page finding' };
    const stale = { code: 'track-from-unidentified-user', severity: 'warning' as const, message: 'stale' };
    const doc = session('ann@example.com', [page, stale]);
    const { document } = rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS);
    expect(document.diagnostics).toContainEqual(page);
    expect(document.diagnostics).not.toContainEqual(stale);
    expect(document.diagnostics.map((d) => d.code)).toContain('track-from-unidentified-user');
  });

  it('turns the light red when PF events never reached Segment', () => {
    const lost = { code: 'pf-events-not-reaching-segment', severity: 'error' as const, message: 'lost PF events' };
    const doc = { ...session('ann@example.com', [lost]), events: [] };
    expect(rejudgeDocument(doc, [], DEFAULT_ASSUMPTIONS).status).toEqual({ light: 'red', reason: 'lost PF events' });
  });

  it('drops verdicts of events PF no longer reads and leaves the input untouched', () => {
    const doc = session('ann@example.com');
    const copy = structuredClone(doc);
    const { document } = rejudgeDocument(doc, [], { ...DEFAULT_ASSUMPTIONS, eventTypesRead: ['track'] });
    expect('verdict' in document.events[1]!).toBe(false);
    expect(doc).toEqual(copy);
  });
});
