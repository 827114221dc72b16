/**
 * Bounds a value parsed from page-sent or imported JSON to what the page-world hook itself would
 * have produced (lib/page-world/safeValue.ts): nesting beyond MAX_VALUE_DEPTH becomes
 * `[Depth limit]`, a string over MAX_VALUE_CHARS becomes `[Truncated <size>]`. Every later walk
 * (storage, messages, verdicts, the JSON tree) can then recurse without reaching the stack limit.
 * Unchanged parts keep their identity; `__proto__` and `constructor` keys stay plain data.
 */

/** The hook's own depth limit (64) plus the record and argument levels around a page value. */
export const MAX_VALUE_DEPTH = 72;
export const MAX_VALUE_CHARS = 1 << 20;
export const DEPTH_LIMIT = '[Depth limit]';

export function sizeText(chars: number): string {
  if (chars >= 1 << 20) return `${(chars / (1 << 20)).toFixed(1)} MB`;
  if (chars >= 1 << 10) return `${(chars / (1 << 10)).toFixed(1)} KB`;
  return `${chars} B`;
}

/** A string cut to `max` characters, followed by a marker saying how large it was. */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[Truncated ${sizeText(text.length)}]`;
}

/**
 * Sets an own data property of a fresh plain object, even for the key `__proto__` (the only
 * accessor a plain object inherits). Plain assignment otherwise: it makes the same property at a
 * fraction of defineProperty's cost, and captures are copied key by key.
 */
export function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function boundValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? `[Truncated ${sizeText(value.length)}]` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_VALUE_DEPTH) return DEPTH_LIMIT;
  return Array.isArray(value) ? boundArray(value, depth) : boundObject(value as Record<string, unknown>, depth);
}

// Nearly every value is already within bounds: nothing is allocated until a part changes.
function boundArray(value: unknown[], depth: number): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const bounded = boundValue(item, depth + 1);
    if (bounded !== item && !out) out = value.slice(0, i);
    if (out) out.push(bounded);
  }
  return out ?? value;
}

function boundObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const keys = Object.keys(value);
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = value[key];
    const bounded = boundValue(item, depth + 1);
    if (bounded !== item && !out) {
      out = {};
      for (let j = 0; j < i; j++) defineData(out, keys[j]!, value[keys[j]!]);
    }
    if (out) defineData(out, key, bounded);
  }
  return out ?? value;
}
