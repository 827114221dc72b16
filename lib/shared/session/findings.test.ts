import { describe, expect, it } from 'vitest';
import { makeEvent, makeSession, makeVerdict } from '../../../tests/support/sessionFactory';
import { FINDINGS } from '../findings';
import { pageDiagnostics } from './diagnostics';
import { groupFindings, pageFindings, sessionFindings } from './findings';
import { readFileSync } from 'node:fs';

const f = (code: string, message: string, severity: 'error' | 'warning' | 'info' = 'warning') => ({ code, message, severity });

describe('groupFindings', () => {
  it('puts the worst first and shows the latest of each code and severity, the earlier ones behind it', () => {
    const groups = groupFindings([f('a', 'a1'), f('b', 'b1', 'error'), f('a', 'a2'), f('a', 'a3'), f('b', 'b2', 'info')]);
    expect(groups.map((g) => [g.latest.message, g.earlier.map((m) => m.message)])).toEqual([
      ['b1', []],
      ['a3', ['a2', 'a1']],
      ['b2', []],
    ]);
  });
});

describe('the table of findings', () => {
  it('lists exactly the codes docs/findings.md documents, in the same section', () => {
    const doc = readFileSync('docs/findings.md', 'utf8');
    const sections: [string, string][] = [['## Per event', 'event'], ['## Across the session', 'session'], ['## Page diagnostics', 'page']];
    const documented = new Map<string, string>();
    for (const [i, [title, scope]] of sections.entries()) {
      const start = doc.indexOf(title);
      const end = i + 1 < sections.length ? doc.indexOf(sections[i + 1]![0]) : doc.indexOf('## Status light');
      for (const [, code] of doc.slice(start, end).matchAll(/^\| `([a-z-]+)` \|/gm)) documented.set(code!, scope);
    }
    expect(Object.fromEntries(Object.entries(FINDINGS).map(([code, kind]) => [code, kind.scope]))).toEqual(Object.fromEntries(documented));
  });

  it('counts every page diagnostic as a page finding, and nothing else', () => {
    const everything = pageDiagnostics({
      segment: { detected: true, globalName: null, onWindow: false, library: 'analytics-next', version: null, writeKey: null },
      productFruits: { detected: true, snippet: 'v2', workspaceCode: null, language: null, ready: true, user: { username: 'ann' } },
      unmatchedPfEvents: [makeEvent(1, { source: 'productfruits', type: 'tour-finished' })],
    });
    const session = { code: 'reset-while-pf-keeps-user', severity: 'warning' as const, message: 'r' };
    expect(everything.length).toBeGreaterThan(2);
    expect(pageFindings([...everything, session])).toEqual(everything);
  });
});

describe('sessionFindings', () => {
  it('lists page and session findings, then the events\', each sentence once', () => {
    const shared = { code: 'identify-before-pf-user', severity: 'warning' as const, message: 'early' };
    const own = { code: 'user-id-missing', severity: 'error' as const, message: 'no id' };
    const doc = makeSession({ diagnostics: [shared], events: [makeEvent(1, { verdict: makeVerdict({ findings: [shared, own] }) })] });
    expect(sessionFindings(doc)).toEqual([shared, own]);
    // worst first when grouped for display
    expect(groupFindings(sessionFindings(doc)).map((g) => g.latest)).toEqual([own, shared]);
  });
});
