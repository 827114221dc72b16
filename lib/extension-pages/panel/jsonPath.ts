/**
 * One spelling for JSON paths, shared by the stage diff (which reports them) and the JSON tree
 * (which highlights and copies them), so a highlighted node and its copied path always agree.
 * The format is the JavaScript accessor a support engineer can paste into the console:
 * `$.context.page.url`, `$.batch[0]`, `$["odd key"]`.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '$';
  for (const segment of segments) out += segmentText(segment);
  return out;
}

export function childPath(parent: string, segment: PathSegment): string {
  return parent + segmentText(segment);
}

function segmentText(segment: PathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

/** True when `path` lies strictly inside `ancestor`. */
export function isInside(path: string, ancestor: string): boolean {
  if (path.length <= ancestor.length || !path.startsWith(ancestor)) return false;
  const next = path[ancestor.length];
  return next === '.' || next === '[';
}
