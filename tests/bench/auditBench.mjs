// `npm run bench -- --only audit`: the audit command line over a generated user base, timed with
// its peak memory, written as the "Audit" section of docs/benchmarks.md (the rest is kept).
// Scale with AUDIT_EVENTS / AUDIT_USERS (targets: 10,000,000 events, 1,000,000 PF users).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function generate(dir, events, users) {
  const u = fs.openSync(path.join(dir, 'pf_users.csv'), 'w');
  fs.writeSync(u, 'username,email\n');
  let buf = '';
  for (let i = 0; i < users; i++) {
    buf += `u${i},person${i}@example.com\n`;
    if (buf.length > 1 << 20) (fs.writeSync(u, buf), (buf = ''));
  }
  fs.writeSync(u, buf);
  fs.closeSync(u);
  const e = fs.openSync(path.join(dir, 'identifies.csv'), 'w');
  fs.writeSync(e, 'user_id,anonymous_id,email,received_at\n');
  buf = '';
  const base = Date.UTC(2024, 0, 1);
  // 10% of people are not in the users list; one event in 20 carries another person's email.
  const people = Math.ceil(users * 1.1);
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < events; i++) {
    const p = Math.floor(random() * people);
    const mail = random() < 0.05 ? Math.floor(random() * people) : p;
    buf += `u${p},a${p},person${mail}@example.com,${new Date(base + i * 5).toISOString()}\n`;
    if (buf.length > 1 << 20) (fs.writeSync(e, buf), (buf = ''));
  }
  fs.writeSync(e, buf);
  fs.closeSync(e);
}

export function benchAudit(root, log) {
  const events = Number(process.env.AUDIT_EVENTS ?? 10_000_000);
  const users = Number(process.env.AUDIT_USERS ?? 1_000_000);
  const dir = path.join(root, '.tmp/bench-audit');
  fs.mkdirSync(dir, { recursive: true });
  log(`audit: generating ${events} events, ${users} PF users`);
  generate(dir, events, users);
  const started = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, '--import', 'tsx', 'lib/cli/audit.ts', '--events', path.join(dir, 'identifies.csv'), '--users', path.join(dir, 'pf_users.csv'), '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`audit failed: ${r.stderr}`);
  const peakMiB = Number(r.stderr.trim().split('\n').pop()) / 1024;
  const summary = JSON.parse(r.stdout).summary;
  const scale = `${events.toLocaleString('en')} events × ${users.toLocaleString('en')} PF users`;
  const full = events >= 10_000_000 && users >= 1_000_000;
  const lines = [
    '## Audit (command line)',
    '',
    `Run alone with \`npm run bench -- --only audit\` (AUDIT_EVENTS, AUDIT_USERS set the scale). ${new Date().toISOString().slice(0, 10)}.`,
    '',
    '| Figure | Value | Target |',
    '|---|---|---|',
    `| ${scale}: wall time | ${seconds.toFixed(1)} s | ≤ 60 s at 10,000,000 × 1,000,000${full ? (seconds <= 60 ? ' (met)' : ' (**missed**)') : ' (smaller scale: not comparable)'} |`,
    `| peak memory (max RSS) | ${peakMiB.toFixed(0)} MiB | ≤ 1024 MiB${full ? (peakMiB <= 1024 ? ' (met)' : ' (**missed**)') : ''} |`,
    `| rows/s | ${Math.round(events / seconds).toLocaleString('en')} | |`,
    `| summary | ${JSON.stringify(summary)} | |`,
    '',
  ];
  log(lines.join('\n'));
  return lines.join('\n');
}

/** Replaces (or appends) the Audit section of docs/benchmarks.md, keeping everything else. */
export function writeAuditSection(root, section) {
  const file = path.join(root, 'docs/benchmarks.md');
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = doc.indexOf('## Audit (command line)');
  const before = at === -1 ? doc.trimEnd() : doc.slice(0, at).trimEnd();
  fs.writeFileSync(file, `${before}\n\n${section}`);
}
