import { describe, expect, it } from 'vitest';
import { groupFindings } from './findingGroups';

const f = (code: string, message: string, severity: 'error' | 'warning' | 'info' = 'warning') => ({ code, message, severity });

describe('groupFindings', () => {
  it('keeps the first of each code and severity in order, with the rest behind it', () => {
    const groups = groupFindings([f('a', 'a1'), f('b', 'b1', 'error'), f('a', 'a2'), f('a', 'a3'), f('b', 'b2', 'info')]);
    expect(groups.map((g) => [g.first.message, g.more.map((m) => m.message)])).toEqual([
      ['a1', ['a2', 'a3']],
      ['b1', []],
      ['b2', []],
    ]);
  });
});
