/**
 * Reading values of unknown shape (page data, imported files). Safe in every world: no builtin
 * is called that a page could have replaced after document_start, beyond the language's own
 * operators.
 */

/** Taken when the module loads: in the page world that is document_start, before any page script. */
const { isArray } = Array;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !isArray(value);
}

/** `obj[key]`, or undefined when `obj` is no object or the property read throws (a getter, a proxy). */
export function readProp(obj: unknown, key: string): unknown {
  try {
    return obj != null && (typeof obj === 'object' || typeof obj === 'function') ? (obj as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

export function firstString(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string') return value;
  return null;
}

/** An id as Segment and PF compare it: strings as they are, numbers as their text. */
export function idText(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}
