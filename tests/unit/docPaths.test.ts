/**
 * Docs name files by path; a path that no longer exists sends a reader nowhere. Every
 * backticked repository path in README.md and docs/*.md must exist (a trailing `/` names a folder,
 * `*` a glob that must match something).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TOP = ['lib', 'components', 'entrypoints', 'tests', 'docs', 'public', '.ci'];
const PATH = new RegExp(`\`((?:${TOP.map((t) => t.replace('.', '\\.')).join('|')})/[^\`\\s]*)\``, 'g');

function docs(): string[] {
  return ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
}

function exists(path: string): boolean {
  const clean = path.replace(/[.,;:)]+$/, '').replace(/#.*$/, '');
  if (!clean.includes('*') && !clean.includes('{')) return existsSync(join(ROOT, clean));
  // `a/{b,c}.ts` and `a/*.ts`: every brace alternative must match at least one file
  const alternatives = clean.match(/^(.*)\{([^}]*)\}(.*)$/);
  if (alternatives) return alternatives[2]!.split(',').every((alt) => exists(`${alternatives[1]}${alt}${alternatives[3]}`));
  const dir = clean.slice(0, clean.lastIndexOf('/'));
  const pattern = new RegExp(`^${clean.slice(clean.lastIndexOf('/') + 1).replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return existsSync(join(ROOT, dir)) && readdirSync(join(ROOT, dir)).some((f) => pattern.test(f));
}

describe('paths named in the docs', () => {
  it.each(docs())('%s names only paths that exist', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const named = [...text.matchAll(PATH)].map((m) => m[1]!);
    expect(named.filter((p) => !exists(p))).toEqual([]);
  });
});
