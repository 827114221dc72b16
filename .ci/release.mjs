// One-command version bump: `npm run release -- patch|minor|major|X.Y.Z [--commit] [--tag]`.
// Sets the version in package.json and package-lock.json (`npm version`; WXT writes it into both
// manifests), turns CHANGELOG.md's "Unreleased" section into that version's section under a fresh,
// empty "Unreleased", and with --commit commits both files (with --tag also tags vX.Y.Z).
// Then `npm run zip` builds the store packages of that version.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const args = process.argv.slice(2);
const bump = args.find((a) => !a.startsWith('--'));
const commit = args.includes('--commit') || args.includes('--tag');
const tag = args.includes('--tag');
const CHANGELOG = 'CHANGELOG.md';
const UNRELEASED = '## Unreleased';

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

if (!bump || !/^(patch|minor|major|\d+\.\d+\.\d+)$/.test(bump)) fail('usage: npm run release -- patch|minor|major|X.Y.Z [--commit] [--tag]');
const git = (...a) => execFileSync('git', a, { encoding: 'utf8' }).trim();
if (commit && git('status', '--porcelain')) fail('the work tree has uncommitted changes; commit or stash them first');

const log = fs.readFileSync(CHANGELOG, 'utf8');
const start = log.indexOf(`${UNRELEASED}\n`);
if (start < 0) fail(`${CHANGELOG} has no "${UNRELEASED}" heading`);
const rest = log.slice(start + UNRELEASED.length + 1);
const next = rest.search(/^## /m);
const notes = (next < 0 ? rest : rest.slice(0, next)).trim();
if (!notes) fail(`nothing under "${UNRELEASED}" in ${CHANGELOG}: say what changed first`);

execFileSync('npm', ['version', bump, '--no-git-tag-version', '--allow-same-version'], { stdio: 'ignore' });
const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version;
const date = new Date().toISOString().slice(0, 10);
fs.writeFileSync(CHANGELOG, `${log.slice(0, start)}${UNRELEASED}\n\n## ${version} - ${date}\n\n${notes}\n\n${next < 0 ? '' : rest.slice(next)}`.trimEnd() + '\n');
console.log(`release: version ${version}; ${CHANGELOG} has its section`);

if (commit) {
  git('add', 'package.json', 'package-lock.json', CHANGELOG);
  git('commit', '-m', `Release ${version}`);
  if (tag) git('tag', '-a', `v${version}`, '-m', `Release ${version}`);
  console.log(`release: committed${tag ? ` and tagged v${version}` : ''}`);
}
