// The audit's figures (issue 14): the command line over a generated user base, timed with its
// peak memory, and the diagnose page auditing files in real Chromium with its long tasks watched.
// Part of `npm run bench`; `npm run bench -- --only audit` runs these alone and replaces only the
// Audit section of docs/benchmarks.md and the audit entries of docs/benchmarks.json.
// Scale with AUDIT_EVENTS / AUDIT_USERS (command line; targets 10,000,000 events, 1,000,000 PF
// users) and AUDIT_PAGE_EVENTS / AUDIT_PAGE_USERS (page; targets 1,000,000 and 1,000,000).
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

const scaleOf = (events, users) => `${events.toLocaleString('en')} events × ${users.toLocaleString('en')} PF users`;
const verdict = (comparable, ok) => (comparable ? (ok ? 'met' : '**missed**') : 'smaller scale: not comparable');

/** The command line, as `npm run audit` runs it, under /usr/bin/time for its peak RSS. */
export function benchAuditCli(root, log, figures) {
  const events = Number(process.env.AUDIT_EVENTS ?? 10_000_000);
  const users = Number(process.env.AUDIT_USERS ?? 1_000_000);
  const dir = path.join(root, '.tmp/bench-audit');
  fs.mkdirSync(dir, { recursive: true });
  log(`audit (command line): generating ${scaleOf(events, users)}`);
  generate(dir, events, users);
  log('audit (command line): running');
  const started = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, '--import', 'tsx', 'lib/cli/audit.ts', '--events', path.join(dir, 'identifies.csv'), '--users', path.join(dir, 'pf_users.csv'), '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`audit failed: ${r.stderr}`);
  const stderr = r.stderr.trim().split('\n');
  const [rssKiB, user, sys] = (stderr.pop() ?? '').split(' ').map(Number);
  const progressLines = stderr.filter((l) => l.startsWith('audit:')).length;
  const peakMiB = rssKiB / 1024;
  const summary = JSON.parse(r.stdout).summary;
  const full = events >= 10_000_000 && users >= 1_000_000;
  const cpu = user + sys;
  const time = figures.add({ name: 'audit.cli.wallSeconds', value: Number(seconds.toFixed(1)), unit: 's', target: '≤ 60 at 10,000,000 events × 1,000,000 PF users', met: full ? seconds <= 60 : null });
  const memory = figures.add({ name: 'audit.cli.peakRssMiB', value: Math.round(peakMiB), unit: 'MiB', target: '≤ 1024', met: full ? peakMiB <= 1024 : null });
  figures.add({ name: 'audit.cli.cpuSeconds', value: Number(cpu.toFixed(1)), unit: 's', target: null, met: null });
  figures.add({ name: 'audit.cli.rowsPerSecond', value: Math.round(events / seconds), unit: 'rows/s', target: null, met: null });
  const rows = [
    `| Command line, ${scaleOf(events, users)}: wall time | **${time.value} s** (CPU ${cpu.toFixed(1)} s user+sys; ${progressLines} progress lines on stderr) | ≤ 60 s | ${verdict(full, time.met)} |`,
    `| Command line: peak memory (max RSS, /usr/bin/time) | **${memory.value} MiB** | ≤ 1024 MiB | ${verdict(full, memory.met)} |`,
    `| Command line: rows/s | ${Math.round(events / seconds).toLocaleString('en')} | | |`,
    `| Command line: summary | \`${JSON.stringify(summary)}\` | | |`,
  ];
  for (const line of rows) log(line);
  return { rows, summary, seconds, peakMiB, full };
}

/** Reads the audit summary table the diagnose page shows. */
function pageSummary() {
  const table = document.querySelector('[aria-label="Audit summary"]');
  return table ? [...table.querySelectorAll('tr')].map((tr) => tr.querySelector('td')?.textContent ?? '').join(',') : null;
}

/**
 * The diagnose page in the extension browser: both files set on the audit's inputs, "Run audit"
 * clicked, timed (page clock) until the summary table is shown. Long tasks: PerformanceObserver
 * 'longtask' on the page, plus the longest gap of a 10 ms interval timer as a cross-check.
 */
export async function benchAuditPage(lib, ext, root, log, figures) {
  const events = Number(process.env.AUDIT_PAGE_EVENTS ?? 1_000_000);
  const users = Number(process.env.AUDIT_PAGE_USERS ?? 1_000_000);
  const dir = path.join(root, '.tmp/bench-audit-page');
  fs.mkdirSync(dir, { recursive: true });
  log(`audit (diagnose page): generating ${scaleOf(events, users)}`);
  generate(dir, events, users);
  const page = await lib.openExtensionPage(ext.context, ext.extensionId, 'diagnose.html');
  try {
    const panel = page.locator('section[aria-label="Audit a user base"]');
    await panel.waitFor({ timeout: 30_000 });
    const inputs = panel.locator('input[type="file"]');
    await inputs.nth(0).setInputFiles(path.join(dir, 'identifies.csv'));
    await inputs.nth(1).setInputFiles(path.join(dir, 'pf_users.csv'));
    await page.evaluate(() => {
      window.__audit = { long: [], maxGap: 0, progress: 0, clickedAt: null };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__audit.long.push(e.duration);
      }).observe({ type: 'longtask' });
      let last = performance.now();
      setInterval(() => {
        const now = performance.now();
        window.__audit.maxGap = Math.max(window.__audit.maxGap, now - last);
        last = now;
      }, 10);
      new MutationObserver(() => (window.__audit.progress += 1)).observe(document.body, { subtree: true, childList: true, characterData: true });
      document.addEventListener('click', () => (window.__audit.clickedAt ??= performance.now()), { capture: true });
    });
    log('audit (diagnose page): running');
    await panel.getByRole('button', { name: 'Run audit' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="Audit summary"]') || document.querySelector('section[aria-label="Audit a user base"] [role="alert"]'), null, {
      timeout: 600_000,
      polling: 250,
    });
    const out = await page.evaluate(() => ({ end: performance.now(), ...window.__audit, error: document.querySelector('section[aria-label="Audit a user base"] [role="alert"]')?.textContent ?? null }));
    const summary = await page.evaluate(pageSummary);
    if (out.error) throw new Error(`diagnose page audit failed: ${out.error}`);
    const seconds = (out.end - out.clickedAt) / 1000;
    const longest = out.long.length ? Math.max(...out.long) : 0;
    const full = events >= 1_000_000 && users >= 1_000_000;
    const time = figures.add({ name: 'audit.page.seconds', value: Number(seconds.toFixed(1)), unit: 's', target: '≤ 15 at 1,000,000 events × 1,000,000 PF users', met: full ? seconds <= 15 : null });
    const task = figures.add({ name: 'audit.page.longestTaskMs', value: Math.round(longest), unit: 'ms', target: '≤ 50 (no main-thread task over 50 ms)', met: full ? longest <= 50 : null });
    figures.add({ name: 'audit.page.longTasks', value: out.long.length, unit: 'tasks', target: null, met: null });
    figures.add({ name: 'audit.page.maxTimerGapMs', value: Math.round(out.maxGap), unit: 'ms', target: null, met: null });
    const rows = [
      `| Diagnose page, ${scaleOf(events, users)}: "Run audit" → summary shown | **${time.value} s** | ≤ 15 s | ${verdict(full, time.met)} |`,
      `| Diagnose page: longest main-thread task during the audit (PerformanceObserver longtask) | **${task.value} ms** (${out.long.length} task(s) over 50 ms; longest gap of a 10 ms timer ${Math.round(out.maxGap)} ms; ${out.progress} DOM updates) | ≤ 50 ms | ${verdict(full, task.met)} |`,
      `| Diagnose page: summary column | \`${summary}\` | | |`,
    ];
    for (const line of rows) log(line);
    return { rows, seconds, longest };
  } finally {
    await page.close();
  }
}

export function auditSection(rows, limits) {
  return [
    '## Audit (command line and diagnose page)',
    '',
    `Written by \`npm run bench\` (or alone: \`npm run bench -- --only audit\`), tests/bench/auditBench.mjs, ${new Date().toISOString().slice(0, 10)}.`,
    'Data: `tests/bench/auditBench.mjs` generate(): PF users `u<i>,person<i>@example.com`; identify rows for 1.1 × as many people',
    '(10% not in the users list), one in 20 carrying another person\'s email, times 5 ms apart (already in order).',
    '',
    '| Figure | Result | Target | |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...limits,
    '',
  ].join('\n');
}
