import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatText } from './pristine';
import { toSafeValue } from './safeValue';

/** Characters that lowering or trimming would change, and some neither does. */
const EDGE = fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'A', 'Z', '\u00c9', '\u0130', '\u03a3', '\u1e9e', 'x', '\u200b', '-');
const edged = fc.tuple(fc.string({ maxLength: 3, unit: EDGE }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 3, unit: EDGE })).map(([head, body, tail]) => head + body + tail);

describe('flatText', () => {
  it('is the same text for every string, capitals and whitespace included', () => {
    fc.assert(
      fc.property(fc.oneof(edged, fc.string({ unit: 'binary' })), (text) => {
        // a rope, as the page's concatenations make (V8 builds one from 13 characters on)
        const half = text.length >> 1;
        const rope = text.slice(0, half) + text.slice(half);
        expect(flatText(text)).toBe(text);
        expect(flatText(rope)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a long string with capitals as it is, in toSafeValue too', () => {
    const id = 'ajs-next-1796319760572-21D26360-3ff5';
    expect(flatText(id)).toBe(id);
    expect(toSafeValue({ messageId: id, list: [`İ${id.toLowerCase()}`] })).toStrictEqual({ messageId: id, list: [`İ${id.toLowerCase()}`] });
  });
});
