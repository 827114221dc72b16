/**
 * Differences between two stages of one event (Called → Built → Sent), reported as JSON paths
 * so the detail view can mark exactly the nodes that a plugin or the transport changed.
 *
 * Arrays are compared index by index: payload arrays are short and positional (args, batch),
 * so an insertion showing up as a run of changes is acceptable and keeps this linear.
 *
 * The walk is bounded by its own depth limit, whatever cut the value went through before: past
 * MAX_DIFF_DEPTH a subtree that is not the very same value is reported changed at that node.
 * Captured values are cut at 72 levels, so the limit never hides a real difference.
 */
import { childPath } from './jsonPath';
import { isRecord } from '../../shared/values';

export type DiffKind = 'added' | 'removed' | 'changed';

/** path → what happened there going from `before` to `after`; only the deepest differing nodes. */
export type StageDiff = Map<string, DiffKind>;

export const MAX_DIFF_DEPTH = 200;

export function stageDiff(before: unknown, after: unknown): StageDiff {
  const diff: StageDiff = new Map();
  walk(before, after, '$', 0, diff);
  return diff;
}

function walk(before: unknown, after: unknown, path: string, depth: number, diff: StageDiff): void {
  if (Object.is(before, after)) return;
  if (depth >= MAX_DIFF_DEPTH) {
    diff.set(path, 'changed');
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      compareChild(i < before.length, before[i], i < after.length, after[i], childPath(path, i), depth + 1, diff);
    }
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    for (const key of Object.keys(before)) {
      compareChild(true, before[key], Object.hasOwn(after, key), after[key], childPath(path, key), depth + 1, diff);
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
  depth: number,
  diff: StageDiff,
): void {
  if (inBefore && !inAfter) diff.set(path, 'removed');
  else if (!inBefore && inAfter) diff.set(path, 'added');
  else walk(before, after, path, depth, diff);
}
