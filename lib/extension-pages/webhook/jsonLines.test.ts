import { describe, expect, it } from 'vitest';
import { jsonLines } from './jsonLines';

const text = (value: unknown) => jsonLines(value).map((l) => l.text).join('\n');

describe('jsonLines', () => {
  it('writes exactly what JSON.stringify(value, null, 2) writes', () => {
    const values: unknown[] = [
      { a: 1, b: [1, 'two', null, { c: [] }], d: {}, e: { f: { g: true } }, skipped: undefined },
      [undefined, [], [[1]]],
      'plain "quoted" <b>text</b>',
      42,
      null,
      { 'key with "quotes"': '\u2028line' },
    ];
    for (const value of values) expect(text(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('gives each line the dotted path of the value it starts', () => {
    const lines = jsonLines({ receivedAt: 'now', context: { ip: '0.0.0.0', page: { url: 'u' } }, list: ['x'] });
    const pathOf = (fragment: string) => lines.find((l) => l.text.includes(fragment))?.path;
    expect(pathOf('"receivedAt"')).toBe('receivedAt');
    expect(pathOf('"ip"')).toBe('context.ip');
    expect(pathOf('"url"')).toBe('context.page.url');
    expect(pathOf('"x"')).toBe('list.0');
    expect(lines.at(-1)).toEqual({ text: '}', path: null });
  });
});
