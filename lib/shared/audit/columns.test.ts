import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineColumn } from './columns';

describe('LineColumn', () => {
  it('gives back every line pushed, however the lines skip', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 300 }), (steps) => {
        const column = new LineColumn();
        const lines: number[] = [];
        let line = 1;
        for (const step of steps) {
          line += step;
          lines.push(line);
          column.push(line);
        }
        expect(column.length).toBe(lines.length);
        expect(lines.map((_, i) => column.get(i))).toEqual(lines);
      }),
    );
  });
});
