import { describe, expect, it } from 'vitest';
import { clampColumnWidth, listColumns, minListWidth } from './columns';

describe('listColumns', () => {
  it('shows every column by default, the name taking the rest', () => {
    const { ids, template } = listColumns({ compact: false, hidden: [], widths: {} });
    expect(ids).toEqual(['seq', 'time', 'source', 'type', 'name', 'user', 'status', 'verdict']);
    expect(template).toBe('48px 112px 64px 90px minmax(80px, 1fr) 140px 96px 28px');
  });

  it('drops hidden columns and uses the widths the user dragged to', () => {
    const { ids, template } = listColumns({ compact: false, hidden: ['time', 'user'], widths: { type: 150 } });
    expect(ids).toEqual(['seq', 'source', 'type', 'name', 'status', 'verdict']);
    expect(template).toBe('48px 64px 150px minmax(80px, 1fr) 96px 28px');
  });

  it('narrows to # / Type / Name and one status mark with an event open, whatever is hidden', () => {
    expect(listColumns({ compact: true, hidden: ['verdict'], widths: {} }).ids).toEqual(['seq', 'type', 'name', 'mark']);
  });

  it('keeps widths within bounds', () => {
    expect(clampColumnWidth(3)).toBe(28);
    expect(clampColumnWidth(9000)).toBe(480);
    expect(clampColumnWidth(100.4)).toBe(100);
  });
});

describe('minListWidth', () => {
  it('adds the fixed widths, the name minimum, the gaps and the padding', () => {
    expect(minListWidth(listColumns({ compact: false, hidden: [], widths: {} }))).toBe(48 + 112 + 64 + 90 + 80 + 140 + 96 + 28 + 7 * 6 + 12);
    expect(minListWidth(listColumns({ compact: true, hidden: [], widths: {} }))).toBe(48 + 90 + 80 + 24 + 3 * 6 + 12);
  });
});
