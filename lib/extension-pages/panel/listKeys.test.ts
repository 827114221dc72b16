import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../tests/support/sessionFactory';
import { summarize } from '../../shared/session/summary';
import { buildRows } from './rows';
import { listMoveFor, moveSelection, stepTab } from './listKeys';

const rows = buildRows([1, 2, 3, 4, 5, 6].map((seq) => summarize(makeEvent(seq))), [{ beforeSeq: 3, at: '2026-11-29T18:00:00.000Z', url: 'https://x/' }]);

describe('listMoveFor', () => {
  it('maps DevTools keys and vi keys, and nothing else', () => {
    expect(['ArrowDown', 'j', 'ArrowUp', 'k', 'Home', 'End', 'PageDown', 'PageUp', 'x'].map(listMoveFor)).toEqual([
      'next', 'next', 'previous', 'previous', 'first', 'last', 'pageDown', 'pageUp', null,
    ]);
  });
});

describe('moveSelection', () => {
  it('steps over marker rows and stops at the ends', () => {
    expect(moveSelection(rows, 'e-2', 'next', 10)).toBe('e-3');
    expect(moveSelection(rows, 'e-6', 'next', 10)).toBe('e-6');
    expect(moveSelection(rows, 'e-1', 'previous', 10)).toBe('e-1');
  });

  it('starts at the first or last event with nothing selected', () => {
    expect(moveSelection(rows, null, 'next', 10)).toBe('e-1');
    expect(moveSelection(rows, null, 'previous', 10)).toBe('e-6');
  });

  it('jumps to the ends and by a page less one row, so one row stays in view', () => {
    expect(moveSelection(rows, 'e-3', 'first', 10)).toBe('e-1');
    expect(moveSelection(rows, 'e-3', 'last', 10)).toBe('e-6');
    expect(moveSelection(rows, 'e-1', 'pageDown', 3)).toBe('e-3');
    expect(moveSelection(rows, 'e-5', 'pageUp', 3)).toBe('e-3');
    expect(moveSelection(rows, 'e-5', 'pageDown', 3)).toBe('e-6');
  });

  it('keeps the selection on an empty list', () => {
    expect(moveSelection([], 'e-9', 'next', 10)).toBe('e-9');
  });
});

describe('stepTab', () => {
  it('wraps around', () => {
    expect(stepTab(['a', 'b', 'c'], 'c', 1)).toBe('a');
    expect(stepTab(['a', 'b', 'c'], 'a', -1)).toBe('c');
  });
});
