/**
 * The byte budget of every answer that carries events (a plain `session:get`, a follower's delta,
 * the panel's rows): Chrome caps a runtime message at 64 MiB, which 81 events of ~1 MB each
 * already pass, so an answer carries only what fits and says where the next page starts.
 */
import type { SessionEvent } from './session/schema';

/** UTF-16 units of JSON per answer: UTF-8 at most triples them, still under 64 MiB. */
export const MAX_ANSWER_CHARS = 16 * 1024 * 1024;

/** What a value costs in an answer: the UTF-16 units of its JSON, as the budget counts them. */
export function answerChars(value: unknown): number {
  return JSON.stringify(value).length;
}

const eventSizes = new WeakMap<SessionEvent, number>();

/** `answerChars` of an event, measured once: built events keep their identity across answers. */
export function eventChars(event: SessionEvent): number {
  let size = eventSizes.get(event);
  if (size === undefined) {
    size = answerChars(event);
    eventSizes.set(event, size);
  }
  return size;
}

/**
 * How many of `items`, from the first, fit `maxChars` beside `baseChars` of the rest of the
 * answer (one separator each); always at least one, so a single huge item still goes out alone.
 */
export function fittingCount<T>(items: readonly T[], baseChars: number, maxChars = MAX_ANSWER_CHARS, size: (item: T) => number = answerChars): number {
  let chars = baseChars;
  for (let i = 0; i < items.length; i++) {
    chars += size(items[i]!) + 1;
    if (i > 0 && chars > maxChars) return i;
  }
  return items.length;
}
