/**
 * Differences between two stages of one event (Called → Built → Sent), reported as JSON paths
 * so the detail view can mark exactly the nodes that a plugin or the transport changed.
 *
 * Arrays are compared index by index: payload arrays are short and positional (args, batch),
 * so an insertion showing up as a run of changes is acceptable and keeps this linear.
 */
import { childPath } from './jsonPath';
import { isRecord } from '../../shared/values';

export type DiffKind = 'added' | 'removed' | 'changed';

/** path → what happened there going from `before` to `after`; only the deepest differing nodes. */
export type StageDiff = Map<string, DiffKind>;

export function stageDiff(before: unknown, after: unknown): StageDiff {
  const diff: StageDiff = new Map();
  walk(before, after, '$', diff);
  return diff;
}

function walk(before: unknown, after: unknown, path: string, diff: StageDiff): void {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      compareChild(i < before.length, before[i], i < after.length, after[i], childPath(path, i), diff);
    }
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    for (const key of Object.keys(before)) {
      compareChild(true, before[key], Object.hasOwn(after, key), after[key], childPath(path, key), diff);
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) diff.set(childPath(path, key), 'added');
    }
    return;
  }
  diff.set(path, 'changed');
}

function compareChild(
  inBefore: boolean,
  before: unknown,
  inAfter: boolean,
  after: unknown,
  path: string,
  diff: StageDiff,
): void {
  if (inBefore && !inAfter) diff.set(path, 'removed');
  else if (!inBefore && inAfter) diff.set(path, 'added');
  else walk(before, after, path, diff);
}
