/**
 * `JSON.stringify(value, null, 2)` split into lines, each line knowing the dotted path of the
 * value it starts, so a view can mark single fields (Segment's server-added ones) in text that is
 * still byte for byte the body being signed.
 */

export interface JsonLine {
  text: string;
  /** dotted path of the value that starts on this line ('' for the root); null for closing brackets */
  path: string | null;
}

export function jsonLines(value: unknown): JsonLine[] {
  const lines: JsonLine[] = [];
  emit(lines, value, 0, '', '', false);
  return lines;
}

function emit(lines: JsonLine[], value: unknown, depth: number, lead: string, path: string, comma: boolean): void {
  const pad = '  '.repeat(depth);
  const end = comma ? ',' : '';
  const children = childrenOf(value, path);
  if (children === null || children.length === 0) {
    lines.push({ text: `${pad}${lead}${JSON.stringify(value) ?? 'null'}${end}`, path });
    return;
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  lines.push({ text: `${pad}${lead}${open}`, path });
  children.forEach((child, i) => emit(lines, child.value, depth + 1, child.lead, child.path, i < children.length - 1));
  lines.push({ text: `${pad}${close}${end}`, path: null });
}

/** Container members as JSON.stringify writes them: undefined array items become null, undefined keys vanish. */
function childrenOf(value: unknown, path: string): { lead: string; value: unknown; path: string }[] | null {
  const join = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  if (Array.isArray(value)) return value.map((item, i) => ({ lead: '', value: item ?? null, path: join(i) }));
  if (typeof value !== 'object' || value === null) return null;
  return Object.entries(value)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .map(([key, v]) => ({ lead: `${JSON.stringify(key)}: `, value: v, path: join(key) }));
}
