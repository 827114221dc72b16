/**
 * macOS and Windows file systems ignore letter case: two tracked files whose paths differ only by
 * case collide there, and an import of `./rulePath` can resolve to `RulePath.tsx`. Module paths
 * are compared without their extension for that reason.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
}

const withoutExtension = (path: string) => path.replace(/\.(d\.ts|[cm]?[jt]sx?)$/, '');

/** Groups of paths that name the same file, or the same module, once letter case is ignored. */
function caseCollisions(paths: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const key = withoutExtension(path).toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), path]);
  }
  // Same name in another extension and the same case (x.ts beside x.test.ts's x) is no clash.
  return [...groups.values()].filter((group) => new Set(group.map(withoutExtension)).size > 1);
}

describe('file names', () => {
  it('finds a pair that differs only by case, or only by case and extension', () => {
    expect(caseCollisions(['a/rulePath.ts', 'a/RulePath.tsx', 'b/x.ts'])).toEqual([['a/rulePath.ts', 'a/RulePath.tsx']]);
    expect(caseCollisions(['docs/README.md', 'docs/readme.md'])).toEqual([['docs/README.md', 'docs/readme.md']]);
    expect(caseCollisions(['lib/rulePath.ts', 'components/RulePath.tsx', 'lib/x.test.ts', 'lib/x.ts'])).toEqual([]);
  });

  it('no two files in the repository differ only by letter case', () => {
    expect(caseCollisions(trackedFiles())).toEqual([]);
  });
});
