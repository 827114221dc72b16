import { describe, expect, it } from 'vitest';
import { makeEvent, makeIdentify, makePfEvent, makeVerdict } from '../../../tests/support/sessionFactory';
import { pageLevelFindings, shownVerdict, subjectSeq } from './severity';

const error = { code: 'different-person-than-page', severity: 'error' as const, message: 'not ann' };
const warning = { code: 'would-create-new-user', severity: 'warning' as const, message: "can't tell" };

describe('shownVerdict', () => {
  it('counts findings from the subject on and lowers superseded ones by a step', () => {
    expect(shownVerdict(makeVerdict({ findings: [error] }), false).level).toBe('error');
    expect(shownVerdict(makeVerdict({ findings: [error] }), true).level).toBe('warning');
    expect(shownVerdict(makeVerdict({ findings: [warning] }), false).level).toBe('warning');
    expect(shownVerdict(makeVerdict({ findings: [warning] }), true).level).toBe('note');
  });

  it('notes, not warns, a found user with no page user to compare with', () => {
    expect(shownVerdict(makeVerdict({ samePersonAsPage: null }), false)).toEqual({ level: 'note', label: 'Identity: PF user found; the page has no PF user to compare with' });
    expect(shownVerdict(makeVerdict(), false).level).toBe('ok');
  });
});

describe('subjectSeq', () => {
  it('is the latest judged Segment identify, else the latest judged Segment event', () => {
    expect(subjectSeq([makeIdentify(1, 'a'), makeIdentify(2, 'b'), makeEvent(3, { verdict: makeVerdict() })])).toBe(2);
    expect(subjectSeq([makeEvent(1, { verdict: makeVerdict() }), makeEvent(2, { verdict: makeVerdict() }), makePfEvent(3, 'tour-finished', { verdict: makeVerdict() })])).toBe(2);
    expect(subjectSeq([makeEvent(1)])).toBeNull();
  });
});

describe('pageLevelFindings', () => {
  it('keeps the findings no event carries, each once', () => {
    const page = { code: 'pf-without-user', severity: 'warning' as const, message: 'no user' };
    const events = [makeIdentify(1, 'a', { verdict: makeVerdict({ findings: [error] }) })];
    expect(pageLevelFindings([page, { ...error }, { ...page }], events)).toEqual([page]);
  });
});
