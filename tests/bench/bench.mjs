// `npm run bench`: performance figures of the extension in real headless Chromium with real
// analytics-next, each comparison measured side by side in one run (two browsers up at the same
// time, rounds interleaved A/B, medians), written to docs/benchmarks.md.
//
// Plain Node ESM. The TypeScript harness and library code are bundled on the fly with Vite's
// build API (SSR build to .tmp/bench-lib). The extension is built to .tmp/bench-out.
//
// Section 1's Firefox figure (firefoxBench.mjs) runs two headless firefox-esr over WebDriver BiDi,
// one with the Firefox build (.tmp/bench-out-ff) installed as a temporary add-on.
//
// Environment: BENCH_ONLY=1,3 (run only these sections), BENCH_QUICK=1 (fewer rounds),
// BENCH_NO_BUILD=1 (reuse .tmp/bench-out and .tmp/bench-out-ff), BENCH_NO_WRITE=1 (do not write
// docs/benchmarks.md / .json), BENCH_PANEL_N=10000 (section 4 at these session sizes only,
// comma-separated; default 10000,100000), BENCH_FIGURES=sending,firefox (only these figures of
// section 1: overhead, sending, hook, shaped, realistic, firefox; nothing is written, since the
// table would lose section 1's other rows).
// Section 6 is the audit (auditBench.mjs); `npm run bench -- --only audit` runs it alone.
// `npm run bench -- --only flood` runs the flood (floodBench.mjs) alone; a full run leaves it out.
// `npm run bench -- --only delivery` runs figure 8 (deliveryBench.mjs) alone; a full run leaves it out too.
// `BENCH_BASE=<dir> npm run bench -- --only compare` runs this build beside another (compareBench.mjs) and writes nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startBenchServer } from './server.mjs';
import { usersCsv } from './usersCsv.mjs';
import { auditSection, benchAuditCli, benchAuditPage } from './auditBench.mjs';
import { createFigures, fmt, median, ratioText, replaceSection, writeFiguresJson } from './benchReport.mjs';
import { AUDIT_LIMITS } from './auditLimits.mjs';
import { mainFlood } from './floodBench.mjs';
import { mainDelivery } from './deliveryBench.mjs';
import { mainCompare } from './compareBench.mjs';
import { buildFirefoxExtension, figureFirefox } from './firefoxBench.mjs';
import { selfTimes, workerProfiler, WORKER_PROFILE_ARGS } from './workerProfile.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const OUT_DIR = path.join(ROOT, '.tmp/bench-out');
const EXT_PATH = path.join(OUT_DIR, 'chrome-mv3');
const LIB_DIR = path.join(ROOT, '.tmp/bench-lib');
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map(Number)) : null;
const QUICK = process.env.BENCH_QUICK === '1';
const runs = (n) => (ONLY === null || ONLY.has(n));
const PANEL_SIZES = process.env.BENCH_PANEL_N ? process.env.BENCH_PANEL_N.split(',').map(Number) : [10_000, 100_000];
const FIGURES = process.env.BENCH_FIGURES ? new Set(process.env.BENCH_FIGURES.split(',')) : null;
const picks = (figure) => FIGURES === null || FIGURES.has(figure);
const SECTION_1_FIGURES = ['overhead', 'sending', 'hook', 'shaped', 'realistic', 'firefox'];
const WRITES = process.env.BENCH_NO_WRITE !== '1' && FIGURES === null;
const started = Date.now();

const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s]`, ...a);

// ---------------------------------------------------------------- helpers
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** rows: { section, figure, a, b, ratio, target, verdict, note } */
const rows = [];
const notes = [];
/** figures for docs/benchmarks.json (benchReport.mjs) */
const figures = createFigures();
function row(section, figure, value, target = '', ok = null, note = '') {
  rows.push({ section, figure, value, target, verdict: ok === null ? '' : ok ? 'met' : '**missed**', note });
  log(`${figure}: ${value}${target ? ` (target ${target}: ${ok === null ? '-' : ok ? 'met' : 'MISSED'})` : ''}`);
}

// ---------------------------------------------------------------- build + bundle
function buildExtension() {
  if (process.env.BENCH_NO_BUILD === '1' && fs.existsSync(path.join(EXT_PATH, 'manifest.json'))) return;
  log('building the extension to .tmp/bench-out');
  const r = spawnSync('npx', ['wxt', 'build'], { cwd: ROOT, env: { ...process.env, WXT_OUT_DIR: '.tmp/bench-out' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wxt build failed:\n${r.stdout}\n${r.stderr}`);
}

async function bundleLib() {
  log('bundling harness and library code with Vite');
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias: { '@': ROOT } },
    build: {
      ssr: path.join(here, 'lib-entry.ts'),
      outDir: LIB_DIR,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { entryFileNames: 'lib.mjs', format: 'es' } },
    },
  });
  return import(pathToFileURL(path.join(LIB_DIR, 'lib.mjs')).href);
}

// ---------------------------------------------------------------- browser helpers
async function cdpOf(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'));
  return cdp;
}
async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { task: m.TaskDuration * 1000, script: m.ScriptDuration * 1000 };
}
/** Waits until the page's main thread is quiet (TaskDuration grows < 2 ms in 150 ms), returns the metrics. */
async function quiet(cdp, maxMs = 20_000) {
  let prev = await metrics(cdp);
  const deadline = Date.now() + maxMs;
  for (;;) {
    await sleep(150);
    const next = await metrics(cdp);
    if (next.task - prev.task < 2 || Date.now() > deadline) return next;
    prev = next;
  }
}

async function openBenchPage(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.benchReady && window.analyticsInstance, null, { timeout: 20_000 });
  await page.evaluate(() => window.benchReady);
  return page;
}

/** One extension page per extension browser, to ask the background. Keeps the last session:changed count. */
async function controlPage(lib, ext) {
  const page = await lib.openExtensionPage(ext.context, ext.extensionId, 'devtools-panel.html');
  await page.evaluate(() => {
    window.__counts = {};
    chrome.runtime.onMessage.addListener((m) => {
      if (m && m.type === 'session:changed') window.__counts[m.tabId] = m.count;
    });
  });
  return page;
}

async function waitForCount(control, tabId, want, { timeoutMs = 120_000, stableMs = 3000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const count = await control.evaluate((id) => window.__counts[id] ?? 0, tabId);
    if (count !== last) {
      last = count;
      lastChange = Date.now();
    }
    if (count >= want) return count;
    if (Date.now() - lastChange > stableMs || Date.now() > deadline) return count;
    await sleep(100);
  }
}

function machine(browserVersion) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model,
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    chromium: browserVersion,
    os: `${os.type()} ${os.release()}`,
  };
}

// ---------------------------------------------------------------- figures
async function figureOverhead(lib, A, B, server) {
  const N = 10_000;
  // 5 rounds read 1.013x and 1.108x for the same builds a minute apart: analytics-next's own time moves by ~10%
  const rounds = QUICK ? 3 : 11;
  const out = { with: [], without: [] };
  log(`1. page overhead: ${N} track calls with real analytics-next, ${rounds} rounds A/B`);
  for (let r = 0; r < rounds; r++) {
    for (const [label, browser] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?dest=0`);
      const cdp = await cdpOf(page);
      const before = await quiet(cdp);
      const t = await page.evaluate((n) => window.runTracks(n), N);
      const after = await quiet(cdp, 60_000);
      out[label].push({ ...t, taskMs: after.task - before.task, scriptMs: after.script - before.script });
      await cdp.detach();
      await page.close();
    }
  }
  const m = (label, key) => median(out[label].map((x) => x[key]));
  for (const [key, what] of [
    ['loopMs', 'synchronous loop'],
    ['settledMs', 'until all 10,000 promises resolved'],
    ['taskMs', 'main-thread task time until quiet (CDP TaskDuration)'],
  ]) {
    const a = m('with', key);
    const b = m('without', key);
    const ratio = a / b;
    row(1, `Page overhead, 10,000 analytics-next track calls: ${what}`, `${fmt(a)} ms with / ${fmt(b)} ms without = **${fmt(ratio, 3)}x**${ratio > 1.02 && ratio <= 1.05 ? ' (within ≤ 1.05x only)' : ''}`, '≤ 1.02x (≤ 1.05x at the least)', ratio <= 1.02);
    figures.add({ name: `page.overhead.${key.replace(/Ms$/, '')}Ratio`, value: Number(ratio.toFixed(3)), unit: 'x', target: '≤ 1.02 (≤ 1.05 at the least)', met: ratio <= 1.02 });
  }
  return out;
}

/** Instead of the harness's Playwright route: Chromium's resolver reaches nothing but 127.0.0.1. */
const LOCAL_ONLY_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'];
async function unrouted(launching) {
  const browser = await launching;
  await browser.context.unrouteAll();
  return browser;
}

/**
 * 1e. Sending on: figureOverhead's 10,000 calls with the Segment.io destination on, so the network
 * hook wraps and records every request. Delivered with analytics-next's standard strategy (one
 * request per event, `?batch=0`), not the page's batching: analytics-next 1.84.3 batches whatever
 * queued while a request is in flight, up to 450 KB (~400 of these events, not 100), and sizes each
 * candidate batch by serializing it again (buildBatch, quadratic): its requests went ~3.5 s apart
 * here, 80 s a round without the extension, in which the hook's part would vanish.
 * Browsers of its own without the harness's route, which would carry every request through Node.
 */
async function figureSending(lib, server) {
  const N = 10_000;
  const rounds = QUICK ? 3 : 11;
  const [A, B] = await Promise.all([
    unrouted(lib.launchWithExtension({ extensionPath: EXT_PATH, args: LOCAL_ONLY_ARGS })),
    unrouted(lib.launchWithoutExtension({ args: LOCAL_ONLY_ARGS })),
  ]);
  const out = { with: [], without: [] };
  log(`1e. page overhead, sending on: ${N} track calls, one request each, ${rounds} rounds A/B`);
  try {
    const control = await controlPage(lib, A);
    for (let r = 0; r < rounds; r++) {
      for (const [label, browser] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
        const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?batch=0&r=${r}`);
        const cdp = await cdpOf(page);
        const before = await quiet(cdp);
        const mark = { ...server.stats };
        const t0 = Date.now();
        const t = await page.evaluate((n) => window.runTracks(n), N);
        const api = await server.untilAnswered(mark, N);
        const after = await quiet(cdp, 60_000);
        // Also lets the background finish before the next round starts.
        const held = label === 'with' ? await waitForCount(control, await lib.tabIdOf(page, control), N, { timeoutMs: 60_000, stableMs: 10_000 }) : null;
        out[label].push({ ...t, taskMs: after.task - before.task, answeredMs: api.at - t0, requests: api.requests, bytes: api.bytes, held });
        await cdp.detach();
        await page.close();
      }
    }
  } finally {
    await Promise.all([A.close(), B.close()]);
  }
  const m = (label, key) => median(out[label].map((x) => x[key]));
  const ratio = m('with', 'taskMs') / m('without', 'taskMs');
  const held = Math.min(...out.with.map((x) => x.held));
  const sent = out.without[0];
  // Rounds pair up in run order; their spread says how much of the ratio is the network's own noise.
  const pairs = out.with.map((x, i) => x.taskMs / out.without[i].taskMs).sort((a, b) => a - b);
  const spread = `${fmt(pairs[0], 3)}x–${fmt(pairs[pairs.length - 1], 3)}x`;
  // No target here: the target is for the hook's cost, measured above without the network, whose
  // round-to-round spread here is wider than that whole cost.
  row(1, 'Page overhead, sending on: the same 10,000 track calls, each sent (standard delivery: one POST per call to the mock API, all answered): main-thread task time until quiet (CDP TaskDuration)', `${ratioText(m('with', 'taskMs'), m('without', 'taskMs'))} (rounds paired in run order: ${spread}); loop ${fmt(m('with', 'loopMs'))} / ${fmt(m('without', 'loopMs'))} ms, all answered ${fmt(m('with', 'answeredMs') / 1000, 1)} / ${fmt(m('without', 'answeredMs') / 1000, 1)} s after the first call; ${sent.requests.toLocaleString('en')} requests of ${fmt(sent.bytes / sent.requests, 0)} bytes; the extension held ${held.toLocaleString('en')} of ${N.toLocaleString('en')} events (fewest of ${rounds} rounds)`);
  figures.add({ name: 'page.overhead.sendingTaskRatio', value: Number(ratio.toFixed(3)), unit: 'x', target: null, met: null });
  return out;
}

/**
 * Rounds of the per-call figures: at 9 to 11 a fifth less time in the call read as none, at 30 and
 * more every side-by-side run showed it (single figures still move about 8% between runs).
 */
const PER_CALL_ROUNDS = 25;

async function figureHookCost(lib, A, B, server) {
  const N = 10_000;
  const rounds = QUICK ? 5 : PER_CALL_ROUNDS;
  const out = { with: [], without: [] };
  log(`1b. hook cost per call on a trivial instance, ${rounds} rounds A/B`);
  for (let r = 0; r < rounds; r++) {
    for (const [label, browser] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/trivial.html`);
      const cdp = await cdpOf(page);
      const before = await quiet(cdp);
      const t = await page.evaluate((n) => window.runTracks(n), N);
      const after = await quiet(cdp);
      out[label].push({ ...t, taskMs: after.task - before.task });
      await cdp.detach();
      await page.close();
    }
  }
  const m = (label, key) => median(out[label].map((x) => x[key]));
  const perCall = (key) => ((m('with', key) - m('without', key)) * 1000) / N;
  row(1, 'Hook cost per call, trivial instance: synchronous (in the page\'s call)', `**${fmt(perCall('loopMs'), 2)} µs**/call (loop ${fmt(m('with', 'loopMs'))} ms with / ${fmt(m('without', 'loopMs'), 2)} ms without)`, '≤ 1 µs', perCall('loopMs') <= 1);
  figures.add({ name: 'page.hook.syncMicrosPerCall', value: Number(perCall('loopMs').toFixed(2)), unit: 'µs', target: '≤ 1', met: perCall('loopMs') <= 1 });
  row(1, 'Hook cost per call, trivial instance: total main-thread (incl. deferred flush, relay validation)', `**${fmt(perCall('taskMs'), 2)} µs**/call (${fmt(m('with', 'taskMs'))} ms with / ${fmt(m('without', 'taskMs'))} ms without)`);
  return out;
}

/**
 * The hook's own cost for an analytics-next call and its built event, without analytics-next's
 * cost around it (whose run-to-run spread is larger than the hook's whole cost): `shaped.html`
 * builds each event as analytics-next 1.84 does and emits what the hook listens to.
 */
async function figureShapedCost(lib, A, B, server) {
  const N = 10_000;
  const rounds = QUICK ? 5 : PER_CALL_ROUNDS;
  const out = { with: [], without: [] };
  log(`1d. hook cost per call with analytics-next-shaped built events, ${rounds} rounds A/B`);
  for (let r = 0; r < rounds; r++) {
    for (const [label, browser] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/shaped.html`);
      const cdp = await cdpOf(page);
      const before = await quiet(cdp);
      await page.evaluate((n) => window.runTracks(n), N);
      const after = await quiet(cdp);
      out[label].push(after.task - before.task);
      await cdp.detach();
      await page.close();
    }
  }
  const perCall = ((median(out.with) - median(out.without)) * 1000) / N;
  row(1, 'Hook cost per call, analytics-next-shaped instance (a call and its built event, shaped.html): total main-thread', `**${fmt(perCall, 2)} µs**/call (${fmt(median(out.with))} ms with / ${fmt(median(out.without))} ms without)`);
  figures.add({ name: 'page.hook.shapedMicrosPerCall', value: Number(perCall.toFixed(2)), unit: 'µs', target: null, met: null });
  return out;
}

/**
 * A realistic page: main-thread task time of a whole page load (CDP TaskDuration from a blank page
 * until quiet after `realisticDone`) that loads analytics-next and makes identify + page + 50
 * tracks while loading, with / without, in rounds interleaved A/B.
 */
/**
 * The floor of any content-script design: the same extension with every content script replaced by
 * an empty function, so the page pays only for the scripts' worlds being made (Chromium creates an
 * isolated world and its extension bindings for the relay) and nothing of ours runs.
 */
function buildFloorExtension() {
  const floor = path.join(ROOT, '.tmp/bench-floor');
  fs.rmSync(floor, { recursive: true, force: true });
  fs.cpSync(EXT_PATH, floor, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(floor, 'manifest.json'), 'utf8'));
  for (const entry of manifest.content_scripts ?? []) for (const js of entry.js ?? []) fs.writeFileSync(path.join(floor, js), '(function(){})();\n');
  return floor;
}

async function figureRealistic(lib, A, B, server) {
  const rounds = QUICK ? 7 : 15;
  const F = await lib.launchWithExtension({ extensionPath: buildFloorExtension() });
  const out = { with: [], without: [], floor: [] };
  const sides = [['with', A], ['without', B], ['floor', F]];
  log(`1c. realistic page: identify + page + 50 tracks during the load, ${rounds} rounds, with / without / floor interleaved`);
  try {
    for (let r = 0; r < rounds + 1; r++) {
      // each round starts with the next side, so none always runs first
      for (let k = 0; k < sides.length; k++) {
        const [label, browser] = sides[(r + k) % sides.length];
        const page = await browser.context.newPage();
        const cdp = await cdpOf(page);
        const before = await quiet(cdp);
        await page.goto(`${server.origin}/bench/realistic.html?r=${r}`);
        const doneAt = await page.evaluate(() => window.realisticDone);
        const after = await quiet(cdp);
        if (r > 0) out[label].push({ taskMs: after.task - before.task, doneAt }); // the first load warms caches
        await cdp.detach();
        await page.close();
      }
    }
  } finally {
    await F.close();
  }
  const a = median(out.with.map((x) => x.taskMs));
  const b = median(out.without.map((x) => x.taskMs));
  const f = median(out.floor.map((x) => x.taskMs));
  const ratio = a / b;
  const ok = ratio <= 1.01 && a - b <= 1;
  row(1, 'Realistic page: main-thread task time of a load with identify + page + 50 tracks (CDP TaskDuration, blank → quiet)', `${fmt(a)} ms with / ${fmt(b)} ms without = **${fmt(ratio, 3)}x**, **+${fmt(a - b, 2)} ms**; all calls resolved at ${fmt(median(out.with.map((x) => x.doneAt)))} / ${fmt(median(out.without.map((x) => x.doneAt)))} ms`, '≤ 1.01x and ≤ 1 ms added', ok);
  row(1, 'Realistic page, floor: the same extension with its content scripts empty (their worlds made, none of our code run)', `${fmt(f)} ms = ${fmt(f / b, 3)}x, ${f - b >= 0 ? '+' : ''}${fmt(f - b, 2)} ms over without; ours adds ${fmt(a - f, 2)} ms over the floor`);
  figures.add({ name: 'page.realistic.taskRatio', value: Number(ratio.toFixed(3)), unit: 'x', target: '≤ 1.01', met: ratio <= 1.01 });
  figures.add({ name: 'page.realistic.addedMs', value: Number((a - b).toFixed(2)), unit: 'ms', target: '≤ 1', met: a - b <= 1 });
  figures.add({ name: 'page.realistic.floorAddedMs', value: Number((f - b).toFixed(2)), unit: 'ms', target: null, met: null });
  return out;
}

async function figureLoad(lib, A, B, server) {
  const loads = 15;
  const out = { with: [], without: [] };
  log(`2. page load: first inline script time, ${loads} loads A/B`);
  const pa = await A.context.newPage();
  const pb = await B.context.newPage();
  for (let r = 0; r < loads + 1; r++) {
    for (const [label, page] of r % 2 ? [['without', pb], ['with', pa]] : [['with', pa], ['without', pb]]) {
      await page.goto(`${server.origin}/bench/blank.html?r=${r}`);
      const t = await page.evaluate(() => ({
        first: window.__firstScriptAt,
        // time from the response's end to the first script, independent of network jitter
        fromResponse: window.__firstScriptAt - performance.getEntriesByType('navigation')[0].responseEnd,
      }));
      if (r > 0) out[label].push(t); // the first load warms caches
    }
  }
  // Exact cost of the extension's document_start scripts: trace loads in the extension browser and sum
  // the devtools.timeline EvaluateScript/FunctionCall time spent in page-hook.js and relay.js.
  const traced = { hook: [], relay: [] };
  for (let r = 0; r < loads; r++) {
    const cdp = await pa.context().newCDPSession(pa);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
    const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8.execute', transferMode: 'ReportEvents' });
    await pa.goto(`${server.origin}/bench/blank.html?t=${r}`);
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
    const sum = (needle) =>
      events
        .filter((e) => e.ph === 'X' && (e.name === 'EvaluateScript' || e.name === 'FunctionCall') && JSON.stringify(e.args?.data ?? e.args ?? {}).includes(needle))
        .reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;
    traced.hook.push(sum('content-scripts/page-hook.js'));
    traced.relay.push(sum('/relay.js'));
  }
  await pa.close();
  await pb.close();
  row(2, 'Page load: main-thread time of page-hook.js at document_start (trace: EvaluateScript incl. compile, median of 15)', `**${fmt(median(traced.hook), 2)} ms**; relay.js (isolated world): ${fmt(median(traced.relay), 2)} ms`, '≤ 0.3 ms', median(traced.hook) <= 0.3);
  figures.add({ name: 'page.hook.evaluateMs', value: Number(median(traced.hook).toFixed(2)), unit: 'ms', target: '≤ 0.3', met: median(traced.hook) <= 0.3 });
  const a = median(out.with.map((x) => x.first));
  const b = median(out.without.map((x) => x.first));
  const ar = median(out.with.map((x) => x.fromResponse));
  const br = median(out.without.map((x) => x.fromResponse));
  row(2, 'Page load: performance.now() at the first inline script (median of 15; two browsers, so includes browser-to-browser differences)', `${fmt(a, 2)} ms with / ${fmt(b, 2)} ms without: **+${fmt(a - b, 2)} ms**`);
  row(2, 'Page load: responseEnd → first inline script (median of 15)', `${fmt(ar, 2)} ms with / ${fmt(br, 2)} ms without: **+${fmt(ar - br, 2)} ms**`);
  const file = path.join(EXT_PATH, 'content-scripts/page-hook.js');
  const src = fs.readFileSync(file);
  row(2, 'content-scripts/page-hook.js size (as built, minified)', `**${fmt(src.length / 1024, 1)} KiB raw**, ${fmt(zlib.gzipSync(src, { level: 9 }).length / 1024, 1)} KiB gzipped`, '≤ 8 KiB minified', src.length <= 8 * 1024);
  figures.add({ name: 'page.hook.minifiedKiB', value: Number((src.length / 1024).toFixed(1)), unit: 'KiB', target: '≤ 8', met: src.length <= 8 * 1024 });
  const relay = fs.readFileSync(path.join(EXT_PATH, 'relay.js'));
  row(2, 'relay.js size (isolated world, also at document_start)', `${fmt(relay.length / 1024, 1)} KiB raw, ${fmt(zlib.gzipSync(relay, { level: 9 }).length / 1024, 1)} KiB gzipped`);
}

async function figureThroughput(lib, A, B, server, control) {
  const N = 5000;
  const rounds = QUICK ? 2 : 3;
  const out = { with: [], without: [] };
  const captured = [];
  log(`3. throughput: ${N} track calls within 1 s, ${rounds} rounds A/B`);
  for (let r = 0; r < rounds; r++) {
    for (const [label, browser] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?dest=0&r=${r}`);
      const settled = await cdpOf(page);
      await quiet(settled);
      await settled.detach();
      const t = await page.evaluate((n) => window.runBurst(n, 1000, 10, 'Burst Event'), N);
      out[label].push(t);
      if (label === 'with') {
        const tabId = await lib.tabIdOf(page, control);
        // Read until every call is accounted for (held or evicted), or nothing changed for 5 s.
        let doc = null;
        let lastSeen = -1;
        let lastChange = Date.now();
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(1000)) {
          doc = (await lib.sendExtensionMessage(control, { type: 'session:get', tabId }, 30_000))?.document ?? doc;
          const seen = (doc?.events.filter((e) => e.name === 'Burst Event').length ?? 0) + (doc?.capture?.evicted ?? 0);
          if (seen >= N) break;
          if (seen !== lastSeen) (lastSeen = seen), (lastChange = Date.now());
          else if (Date.now() - lastChange > 5000) break;
        }
        const burst = doc ? doc.events.filter((e) => e.type === 'track' && e.name === 'Burst Event').length : -1;
        const built = doc ? doc.events.filter((e) => e.name === 'Burst Event' && e.built).length : -1;
        const sent = doc ? doc.events.filter((e) => e.name === 'Burst Event' && e.sent).length : -1;
        captured.push({ burst, built, sent, evicted: doc?.capture?.evicted ?? null, total: doc?.events.length ?? -1 });
      }
      await page.close();
    }
  }
  const fa = median(out.with.map((x) => x.fps));
  const fb = median(out.without.map((x) => x.fps));
  const ga = median(out.with.map((x) => x.maxFrameGapMs));
  const gb = median(out.without.map((x) => x.maxFrameGapMs));
  const c = captured[captured.length - 1];
  // Every call must be either in the session or counted as evicted: nothing may go missing silently.
  const all = captured.every((x) => x.burst + (x.evicted ?? 0) >= N);
  row(3, 'Throughput: 5,000 track calls in 1 s, captured in the session', captured.map((x) => `${x.burst}/${N} (built ${x.built}, sent ${x.sent}, evicted ${x.evicted})`).join('; '), 'captured + evicted = 5,000', all);
  const capturedMin = Math.min(...captured.map((x) => x.burst + (x.evicted ?? 0)));
  figures.add({ name: 'page.burst5k.capturedPlusEvicted', value: capturedMin, unit: 'events', target: '= 5,000 (captured + evicted, 5,000 calls in 1 s)', met: all });
  figures.add({ name: 'page.burst5k.frameRateRatio', value: Number((fa / fb).toFixed(3)), unit: 'x', target: null, met: null });
  row(3, 'Throughput: frame rate during the burst (rAF callbacks/s)', `${fmt(fa)} fps with / ${fmt(fb)} fps without = **${fmt(fa / fb, 3)}x**; longest frame gap ${fmt(ga)} ms with / ${fmt(gb)} ms without`);
  row(3, 'Throughput: burst duration (1,000 ms planned)', `${fmt(median(out.with.map((x) => x.burstMs)))} ms with / ${fmt(median(out.without.map((x) => x.burstMs)))} ms without`);
  return { out, captured };
}

/**
 * The panel's browser: the harness's Playwright route sends every request through Node, extension
 * pages' scripts and styles too (the panel's DOMContentLoaded came 35 ms later with it), which no user has.
 * Here Chromium's resolver keeps everything but 127.0.0.1 unreachable instead.
 */
async function launchPanelBrowser(lib) {
  return unrouted(lib.launchWithExtension({ extensionPath: EXT_PATH, args: LOCAL_ONLY_ARGS }));
}

async function figurePanel(lib, A, server, control, N) {
  log(`4. panel at ${N} events`);
  await lib.sendExtensionMessage(control, { type: 'settings:set', settings: { limit: 200_000 } });
  const page = await openBenchPage(A.context, `${server.origin}/bench/analytics.html?dest=0&n=${N}`);
  const tabId = await lib.tabIdOf(page, control);
  const fillStart = Date.now();
  await page.evaluate((n) => window.runFill(n, 1000, 'Fill Event'), N);
  const pageDone = Date.now();
  // A busy background can fall seconds behind the page: wait long for the last of the N calls.
  const count = await waitForCount(control, tabId, N, { timeoutMs: 300_000, stableMs: 30_000 });
  const fillMs = Date.now() - fillStart;
  const storage = await control.evaluate(async () => ({ used: await chrome.storage.session.getBytesInUse(null), quota: chrome.storage.session.QUOTA_BYTES }));
  // The first page of a follower's answer: a whole 100,000-event document is over Chrome's 64 MiB message cap.
  const doc = (await lib.sendExtensionMessage(control, { type: 'session:get', tabId, since: { epoch: '', rev: 0, follower: 'bench' } }, 60_000))?.document;
  const evicted = doc?.capture?.evicted ?? null;
  log(`   filled: page ${pageDone - fillStart} ms, session count ${count} after ${fillMs} ms, evicted ${evicted}, storage.session ${storage.used}/${storage.quota} bytes`);

  // One load moves by a fifth with what the browser did before it: the median of several, the first shown too.
  const rounds = QUICK ? 2 : 7;
  const render = [];
  let heap = null;
  let keys = [];
  let backs = [];
  let shown = null;
  for (let r = 0; r < rounds; r++) {
    const panel = await A.context.newPage();
    // The first row is timed where it happens: inserted, then painted (the next animation frame).
    // Later pages of the session keep arriving, so a read after Playwright saw the row would wait for them.
    await panel.addInitScript(() => {
      let painted;
      window.__firstRow = new Promise((resolve) => (painted = resolve));
      const seen = new MutationObserver(() => {
        if (!document.querySelector('[role="listbox"] [role="option"]')) return;
        seen.disconnect();
        requestAnimationFrame(() => painted((window.__firstRowPainted = performance.now())));
      });
      seen.observe(document, { childList: true, subtree: true });
    });
    // Waited for over CDP: Playwright's own evaluate would compile its injected script (~35 ms here)
    // on the panel's main thread while the panel renders.
    const waiter = await panel.context().newCDPSession(panel);
    const t0 = Date.now();
    await panel.goto(`chrome-extension://${A.extensionId}/devtools-panel.html?tabId=${tabId}`, { waitUntil: 'commit' });
    const deadline = new Promise((resolve) => AbortSignal.timeout(60_000).addEventListener('abort', () => resolve(null)));
    const painted = await Promise.race([
      waiter.send('Runtime.evaluate', { expression: 'window.__firstRow', awaitPromise: true, returnByValue: true }).catch(() => null),
      deadline,
    ]);
    await waiter.detach();
    const inPage = painted?.result?.value ?? null;
    if (inPage === null) {
      const text = await panel.evaluate(() => document.body.innerText.slice(0, 200)).catch(() => '?');
      render.push({ wall: null, inPage: null, error: `no row within 60 s (page shows: ${JSON.stringify(text)})` });
      await panel.close();
      break;
    }
    const wall = Date.now() - t0;
    const loadedPage = await panel.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null);
    // Every event in the list: the Source chips count what the panel holds.
    await panel.waitForFunction(
      (want) => [...document.querySelectorAll('[aria-label="Filters"] .chip__count')].slice(0, 2).reduce((n, el) => n + Number(el.textContent), 0) >= want,
      count,
      { timeout: 120_000, polling: 100 },
    );
    const loaded = await panel.evaluate(() => performance.now());
    // The floor: our smallest extension page, one module of 0.2 KiB (it only registers the DevTools panel).
    const empty = await A.context.newPage();
    await empty.goto(`chrome-extension://${A.extensionId}/devtools.html`);
    const emptyLoaded = await empty.evaluate(() => performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null);
    await empty.close();
    render.push({ wall, inPage, loaded, loadedPage, emptyLoaded });
    if (r === rounds - 1) {
      shown = await panel.evaluate(() => document.querySelectorAll('[role="listbox"] [role="option"]').length);
      const cdp = await panel.context().newCDPSession(panel);
      await cdp.send('HeapProfiler.collectGarbage');
      const h = await cdp.send('Runtime.getHeapUsage');
      heap = h.usedSize;
      await cdp.detach();
      // keystroke → list updated and painted (only at the largest session)
      const input = panel.locator('input[aria-label="Search events"]');
      if (N >= 100_000) await input.focus();
      const settled = await cdpOf(panel);
      for (let k = 0; N >= 100_000 && k < (QUICK ? 3 : 5); k++) {
        for (const key of ['q', 'Backspace']) {
          // Each keystroke starts on a quiet panel, watched by observers set up before it is pressed.
          await quiet(settled);
          await panel.evaluate(() => {
            window.__keyed = new Promise((resolve) => {
              // The listbox gives way to an empty state when nothing matches: watch the list's pane.
              const list = document.querySelector('.panel__list');
              let t0 = null;
              const input = document.querySelector('input[aria-label="Search events"]');
              input.addEventListener('keydown', () => (t0 = performance.now()), { once: true, capture: true });
              const mo = new MutationObserver(() => {
                mo.disconnect();
                requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - t0, rows: list.querySelectorAll('[role="option"]').length }), 0));
              });
              mo.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
              setTimeout(() => (mo.disconnect(), resolve({ ms: null })), 5_000);
            });
          });
          await panel.keyboard.press(key);
          const res = await panel.evaluate(() => window.__keyed);
          (key === 'q' ? keys : backs).push(res.ms);
        }
      }
      await settled.detach();
    }
    await panel.close();
  }
  await page.close();
  return { N, count, fillMs, render, heap, keys, backs, shown, evicted, storage };
}

/** One fill of `n` analytics-next track calls in batches of 1,000 on a fresh tab of `browser`; ms from the first call until the page's calls resolved. */
async function fillPage(browser, server, n) {
  const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?dest=0&fill=1`);
  const t0 = Date.now();
  await page.evaluate((count) => window.runFill(count, 1000, 'Fill Event'), n);
  return { page, t0, pageMs: Date.now() - t0 };
}

/** One fill in an extension browser until its background holds every event; the worker profiled during it when `profiler` is given. */
async function fillWithExtension(lib, ext, server, control, n, profiler) {
  await lib.sendExtensionMessage(control, { type: 'settings:set', settings: { limit: 200_000 } });
  if (profiler) await profiler.start();
  const { page, t0, pageMs } = await fillPage(ext, server, n);
  const tabId = await lib.tabIdOf(page, control);
  // Done when the background holds all n (it then has them in storage.session). Waiting for n + 1, as
  // before, always ran into the 10 s of no change that ends the wait: those 10 s were in the figure.
  const count = await waitForCount(control, tabId, n, { timeoutMs: 240_000, stableMs: 10_000 });
  const ms = Date.now() - t0;
  const profile = profiler ? await profiler.stop() : null;
  const storage = await control.evaluate(async () => chrome.storage.session.getBytesInUse(null));
  // Closing the tab drops its session (tabs.onRemoved), so the next fill starts from an empty area.
  await page.close();
  return { ms, pageMs, count, storage, profile };
}

/**
 * 7. 100,000 analytics-next track calls from the page to the stored session: from the first call
 * until the background says (session:changed) it holds all of them, i.e. stored in storage.session.
 * Beside it, the same calls in the browser without the extension: what analytics-next costs alone.
 * `base` (BENCH_FILL_BASE, `--only fill`): another build's extension browser, filled at the same time.
 */
async function figureFill(lib, A, B, server, control, { profiler = null, base = null } = {}) {
  // BENCH_FILL_N: fewer calls, to try the bench itself; the figure is of 100,000.
  const N = Number(process.env.BENCH_FILL_N) || 100_000;
  log(`7. page to stored session: ${N} track calls, without the extension first`);
  const alone = await fillPage(B, server, N);
  await alone.page.close();
  // The base build fills at the same time as this one, so both see the same load.
  const [before, withExt] = await Promise.all([
    base ? fillWithExtension(lib, base.ext, server, base.control, N, null) : null,
    fillWithExtension(lib, A, server, control, N, profiler),
  ]);
  const { ms, pageMs, count, storage, profile } = withExt;
  const all = count >= N;
  const s = ms / 1000;
  const beforeText = before ? `; the base build (BENCH_FILL_BASE), filled at the same time: ${fmt(before.ms / 1000, 1)} s, its page's calls ${fmt(before.pageMs / 1000, 1)} s` : '';
  const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  row(7, `${N.toLocaleString('en')} analytics-next track calls from the page to the stored session (first call → background holds all)`, `**${fmt(s, 1)} s** (the page's calls took ${fmt(pageMs / 1000, 1)} s with the extension, ${fmt(alone.pageMs / 1000, 1)} s without it; the background was done ${fmt((ms - pageMs) / 1000, 1)} s after the page; ${count.toLocaleString('en')} events held; storage.session ${fmt(storage / 2 ** 20, 1)} MiB${beforeText}; load ${load})`, '≤ 10 s', all && s <= 10);
  figures.add({ name: 'background.fill100k.seconds', value: Number(fmt(s, 1)), unit: 's', target: '≤ 10 (100,000 events, page to stored session)', met: all && s <= 10 });
  figures.add({ name: 'background.fill100k.pageWithout.seconds', value: Number(fmt(alone.pageMs / 1000, 1)), unit: 's', target: null, met: null });
  if (profile) {
    const file = path.join(ROOT, '.tmp/fill-worker.cpuprofile');
    fs.writeFileSync(file, JSON.stringify(profile));
    const { totalMs, top } = selfTimes(profile, 25);
    log(`service-worker profile (${file}): ${fmt(totalMs, 0)} ms sampled; self time:`);
    for (const t of top) log(`  ${fmt(t.share * 100, 1).padStart(5)}%  ${fmt(t.ms, 0).padStart(6)} ms  ${t.name}`);
  }
}

async function figureIdentity(lib) {
  log('5. identity import and verdicts (Node)');
  const verdicts = await figureVerdicts();
  for (const n of [100_000, 1_000_000]) {
    const text = usersCsv(n);
    const rounds = n >= 1_000_000 ? (QUICK ? 1 : 3) : QUICK ? 2 : 3;
    const total = [];
    const clone = [];
    let users = 0;
    let reports = 0;
    for (let r = 0; r < rounds; r++) {
      globalThis.gc?.();
      reports = 0;
      const t0 = performance.now();
      // What the users worker does: parse and index, then hand the columns to the page.
      const imported = lib.importPfUsers(text, 'users.csv', () => reports++);
      const t1 = performance.now();
      const copy = structuredClone(imported.users.data, { transfer: imported.users.transferables() });
      const t2 = performance.now();
      users = copy.count;
      total.push(t1 - t0);
      clone.push(t2 - t1);
    }
    const ms = median(total);
    const target = n >= 1_000_000 ? '≤ 2,000 ms' : '';
    row(5, `Import ${n.toLocaleString('en')} PF users (CSV ${fmt(text.length / 2 ** 20, 1)} MiB): importPfUsers (parse + index, as in the worker)`, `**${fmt(ms, 0)} ms** (then ${fmt(median(clone), 0)} ms to hand the index to the page; ${users.toLocaleString('en')} users; ${reports} progress calls; median of ${rounds})`, target, n >= 1_000_000 ? ms <= 2000 : null);
    if (n >= 1_000_000) figures.add({ name: 'identity.import1M.ms', value: Math.round(ms), unit: 'ms', target: '≤ 2,000', met: ms <= 2000 });
  }
  for (const { label, withUsers, rate, ms, cold, rounds, warmup, judged } of verdicts) {
    row(5, `Verdicts: verdictsForSession over 10,000 identify events, ${label}`, `**${Math.round(rate).toLocaleString('en')} events/s** (${fmt(ms, 1)} ms, median of ${rounds} after ${warmup} rounds not counted; the first, cold: ${fmt(cold, 1)} ms; ${judged} verdicts)`, withUsers ? '≥ 1,000,000/s' : '', withUsers ? rate >= 1_000_000 : null);
    if (withUsers) figures.add({ name: 'identity.verdicts100kUsers.perSecond', value: Math.round(rate), unit: 'events/s', target: '≥ 1,000,000', met: rate >= 1_000_000 });
  }
  figureBackgroundBatch(lib);
}

/** Figure 5's verdict rate, from tests/bench/verdictsWorker.mjs (a worker thread: a heap of its own). */
function figureVerdicts() {
  const worker = new Worker(new URL('./verdictsWorker.mjs', import.meta.url), { workerData: { libUrl: pathToFileURL(path.join(LIB_DIR, 'lib.mjs')).href, quick: QUICK } });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the verdicts worker exited (${code}) before its results`)));
  }).finally(() => worker.terminate());
}

/**
 * Background work per captured batch: a tab session of N analytics-next-shaped events (call, then
 * built, a few identifies among the tracks), then one more batch of 50 calls; timed is applying
 * the batch and building the answer the badge and panels read (DocumentCache.get).
 */
function figureBackgroundBatch(lib) {
  const envelope = (instance, batch, from, count) => {
    const records = [];
    for (let k = 0; k < count; k++) {
      const cid = from + k;
      const identify = cid % 50 === 0;
      const userId = `user-${cid % 7}`;
      const method = identify ? 'identify' : 'track';
      const args = identify ? [userId, { email: `u${cid % 7}@example.com` }] : [`Clicked ${cid % 20}`, { n: cid }];
      const built = identify
        ? { type: 'identify', userId, traits: { email: `u${cid % 7}@example.com` }, anonymousId: 'anon-1', messageId: `m-${cid}`, context: {} }
        : { type: 'track', event: args[0], userId, properties: args[1], anonymousId: 'anon-1', messageId: `m-${cid}`, context: { traits: {} } };
      records.push({ kind: 'call', cid, at: 1_700_000_000_000 + cid, source: 'segment', method, args, via: 'instance', globalName: 'analytics' });
      records.push({ kind: 'built', cid, built, messageId: `m-${cid}` });
    }
    return { tag: lib.ENVELOPE_TAG, instance, batch, url: 'http://127.0.0.1/app', title: 'App', top: true, records };
  };
  const settings = { ...lib.DEFAULT_SETTINGS, limit: 200_000 };
  const perBatch = new Map();
  for (const n of [1_000, 100_000]) {
    const session = lib.newTabSession(n);
    const cache = new lib.DocumentCache();
    let batch = 0;
    for (let from = 1; from <= n; from += 1000) {
      lib.applyEnvelope(session, envelope('page-1', batch++, from, Math.min(1000, n - from + 1)), settings);
      cache.get(session, settings);
    }
    const ts = [];
    let next = n + 1;
    for (let r = 0; r < (QUICK ? 5 : 15); r++) {
      const env = envelope('page-1', batch++, next, 50);
      next += 50;
      const t0 = performance.now();
      lib.applyEnvelope(session, env, settings);
      cache.get(session, settings);
      ts.push(performance.now() - t0);
    }
    const ms = median(ts);
    perBatch.set(n, ms);
    const small = perBatch.get(1_000);
    const big = n === 100_000 && small !== undefined;
    row(5, `Background work per captured batch of 50 calls, session of ${n.toLocaleString('en')} events (applyEnvelope + DocumentCache.get)`, `**${fmt(ms, 2)} ms** (median of ${ts.length}; ${session.events.length.toLocaleString('en')} events after)${big ? `; ${fmt(ms / small, 2)}x the 1,000-event figure` : ''}`, big ? '≤ 2x the 1,000-event figure' : '', big ? ms <= 2 * small : null);
    figures.add({ name: `background.batch${n / 1000}k.ms`, value: Number(fmt(ms, 2)), unit: 'ms', target: big ? '≤ 2x background.batch1k.ms' : null, met: big ? ms <= 2 * small : null });
  }
}

// ---------------------------------------------------------------- profiling helpers
/** CPU profile of `fn` in a page (CDP Profiler); returns the top self-time functions. */
async function profileIn(page, fn, top = 12) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await fn();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  return topSelf(profile, top);
}
function topSelf(profile, top) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const d = deltas[i] ?? 0;
    total += d;
    const cf = n.callFrame;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)') return;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? cf.url.replace(/^.*\//, '') : ''}:${cf.lineNumber + 1}:${cf.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + d);
  });
  return { totalMs: total / 1000, top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => ({ fn: k, ms: v / 1000 })) };
}

/** The table's rows: this run's, and the written ones of sections it left out (BENCH_ONLY, or `--only delivery`'s). */
function tableRows(fresh) {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const ran = new Set(fresh.map((r) => r.section));
  const kept = old.filter((l) => /^\| \d+ \|/.test(l)).map((line) => ({ section: Number(/^\| (\d+)/.exec(line)[1]), line })).filter((r) => !ran.has(r.section));
  return [...kept, ...fresh].sort((a, b) => a.section - b.section).map((r) => r.line);
}

/**
 * A run writes the header and the table; the prose below them (how each figure is measured, what
 * bounds the missed ones, the flood and delivery sections) is kept by hand in docs/benchmarks.md
 * and stays, so a run never puts back old text. The Audit section is replaced when it ran.
 */
function withKeptProse(head, audit) {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const at = old.indexOf('\n## How each figure is measured');
  const prose = at === -1 ? '' : old.slice(at + 1);
  const doc = `${head.trimEnd()}\n\n${prose}`;
  return audit ? replaceSection(doc, '## Audit', audit) : doc;
}

// ---------------------------------------------------------------- main
async function main() {
  const unknown = [...(FIGURES ?? [])].filter((f) => !SECTION_1_FIGURES.includes(f));
  if (unknown.length) throw new Error(`BENCH_FIGURES: no figure ${unknown.join(', ')} (section 1 has ${SECTION_1_FIGURES.join(', ')})`);
  buildExtension();
  // Built with the Chromium one, so both are of the same tree.
  const firefoxExtension = runs(1) && picks('firefox') ? buildFirefoxExtension(ROOT, log) : null;
  const lib = await bundleLib();
  const server = await startBenchServer();
  log('launching Chromium with and without the extension');
  const A = await lib.launchWithExtension({ extensionPath: EXT_PATH });
  const B = await lib.launchWithoutExtension();
  const browserVersion = A.context.browser()?.version() ?? (await (async () => {
    const p = await A.context.newPage();
    const v = await p.evaluate(() => navigator.userAgent);
    await p.close();
    return /Chrom(?:e|ium)\/([\d.]+)/.exec(v)?.[1] ?? v;
  })());
  const control = await controlPage(lib, A);
  const results = {};
  try {
    if (runs(1)) {
      if (picks('overhead')) results.overhead = await figureOverhead(lib, A, B, server);
      if (picks('sending')) results.sending = await figureSending(lib, server);
      if (picks('hook')) results.hook = await figureHookCost(lib, A, B, server);
      if (picks('shaped')) results.shaped = await figureShapedCost(lib, A, B, server);
      if (picks('realistic')) results.realistic = await figureRealistic(lib, A, B, server);
      if (firefoxExtension) results.firefox = await figureFirefox({ lib, server, extensionPath: firefoxExtension, quick: QUICK, log, row, figures });
    }
    if (runs(2)) await figureLoad(lib, A, B, server);
    if (runs(3)) results.throughput = await figureThroughput(lib, A, B, server, control);
    if (runs(4)) {
      const P = await launchPanelBrowser(lib);
      const panelControl = await controlPage(lib, P);
      try {
        for (const n of PANEL_SIZES) results[`panel${n}`] = await figurePanel(lib, P, server, panelControl, n);
      } finally {
        await P.close();
      }
      for (const n of PANEL_SIZES) {
        const p = results[`panel${n}`];
        const failed = p.render.find((x) => x.error);
        if (failed) {
          row(4, `Panel first render, session of ${n.toLocaleString('en')} events`, `**failed**: ${failed.error}; session held ${p.count.toLocaleString('en')} events, ${p.evicted} evicted, storage.session ${fmt(p.storage.used / 2 ** 20, 1)} of ${fmt(p.storage.quota / 2 ** 20, 1)} MiB`, 'first row shown', false);
          continue;
        }
        const first = median(p.render.map((x) => x.inPage));
        const firstTarget = n === 100_000 ? 1000 : 200;
        const firstMet = first <= firstTarget;
        figures.add({ name: `panel.firstRender${n / 1000}k.ms`, value: Math.round(first), unit: 'ms', target: `≤ ${firstTarget}`, met: firstMet });
        row(4, `Panel first render, session of ${n.toLocaleString('en')} events (navigation → first row painted)`, `**${fmt(first, 0)} ms** (median of ${p.render.length} loads, the first ${fmt(p.render[0].inPage, 0)} ms; wall ${fmt(median(p.render.map((x) => x.wall)), 0)} ms; page's DOMContentLoaded at ${fmt(median(p.render.map((x) => x.loadedPage)), 0)} ms, devtools.html's (one 0.2 KiB module) at ${fmt(median(p.render.map((x) => x.emptyLoaded)), 0)} ms; every row held after ${fmt(median(p.render.map((x) => x.loaded)), 0)} ms; session held ${p.count.toLocaleString('en')} events, ${p.evicted?.toLocaleString('en')} evicted, storage.session ${fmt(p.storage.used / 2 ** 20, 1)} of ${fmt(p.storage.quota / 2 ** 20, 1)} MiB; ${p.shown} rows in the DOM; filled in ${fmt(p.fillMs / 1000, 1)} s)`, `≤ ${firstTarget.toLocaleString('en')} ms`, firstMet);
        const heapMiB = p.heap / 2 ** 20;
        const heapMet = n === 100_000 ? heapMiB <= 60 : null;
        figures.add({ name: `panel.heap${n / 1000}k.MiB`, value: Number(heapMiB.toFixed(1)), unit: 'MiB', target: n === 100_000 ? '≤ 60' : null, met: heapMet });
        row(4, `Panel JS heap after GC, ${n.toLocaleString('en')} events (every row held)`, `**${fmt(heapMiB, 1)} MiB** (CDP Runtime.getHeapUsage)`, n === 100_000 ? '≤ 60 MiB' : '', heapMet);
        if (n === 100_000) {
          const typed = p.keys.filter((x) => x !== null);
          const keyMs = typed.length ? median(typed) : null;
          // The brief: "stays ~100 ms or better"; read as within a tenth of 100 ms.
          const keyMet = keyMs !== null && keyMs <= 110;
          figures.add({ name: 'panel.searchKeystroke100k.ms', value: keyMs === null ? null : Math.round(keyMs), unit: 'ms', target: '~100 or better (≤ 110)', met: keyMet });
          row(4, `Panel search keystroke → list updated and painted, ${n.toLocaleString('en')} events`, `typing "q" (matches no event): **${keyMs !== null ? fmt(keyMs, 0) + ' ms' : 'list never changed (5 s timeout)'}**; Backspace (back to all): ${p.backs.some((x) => x !== null) ? fmt(median(p.backs.filter((x) => x !== null)), 0) + ' ms' : 'no change'} (${typed.length}/${p.keys.length} keystrokes changed the list; ${p.shown} rows shown)`, '~100 ms or better', keyMet);
        }
      }
    }
    if (runs(5)) await figureIdentity(lib);
    if (runs(7)) await figureFill(lib, A, B, server, control);
    if (runs(6)) results.auditPage = await benchAuditPage(lib, A, ROOT, log, figures);
  } finally {
    await A.close();
    await B.close();
    await server.close();
  }
  // Alone on the machine's cores: the browsers are closed.
  if (runs(6)) results.auditCli = benchAuditCli(ROOT, log, figures);
  const audit = runs(6) ? auditSection([...results.auditPage.rows, ...results.auditCli.rows], AUDIT_LIMITS) : null;

  const m = machine(browserVersion);
  const date = new Date().toISOString();
  const table = [
    '| # | Figure | Result | Target | |',
    '|---|---|---|---|---|',
    ...tableRows(rows.map((r) => ({ section: r.section, line: `| ${r.section} | ${r.figure} | ${r.value} | ${r.target} | ${r.verdict} |` }))),
  ].join('\n');
  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (tests/bench/bench.mjs). Every comparison is measured side by side in one run:',
    'one headless Chromium with the extension (built to `.tmp/bench-out`) and one without, both up at once,',
    'rounds interleaved A/B (the order alternates each round), medians reported. Pages are real',
    'analytics-next 1.84.3 (UMD build) served from 127.0.0.1 with client persistence off (a document.cookie read costs ms in this headless Chromium); nothing else is reachable.',
    'The Firefox rows: two headless firefox-esr the same way, one with the extension (built to `.tmp/bench-out-ff`) as a temporary add-on.',
    '',
    `- Date: ${date}`,
    `- CPU: ${m.cpu} (${m.cores} cores), memory ${m.memory}, ${m.os}`,
    `- Node ${m.node}, Chromium ${m.chromium}${results.firefox ? `, Firefox ${results.firefox.version}` : ''}`,
    `- Total bench time: ${fmt((Date.now() - started) / 1000, 0)} s${QUICK ? ' (BENCH_QUICK: fewer rounds)' : ''}${ONLY ? ` (only sections ${[...ONLY].join(',')})` : ''}`,
    '',
    table,
    '',
    ...(notes.length ? ['## Notes', '', ...notes, ''] : []),
  ].join('\n');
  console.log('\n' + table + '\n');
  if (WRITES) {
    fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), withKeptProse(md, audit));
    writeFiguresJson(ROOT, figures.list, { machine: m, date });
    log('wrote docs/benchmarks.md and docs/benchmarks.json');
  }
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.tmp/bench-results.json'), JSON.stringify({ machine: m, date, rows, results }, null, 2));
  log(`done in ${fmt((Date.now() - started) / 1000, 0)} s`);
}

export { profileIn, notes };
/** `--only audit`: the audit figures alone, replacing only their section and JSON entries. */
async function mainAudit() {
  buildExtension();
  const lib = await bundleLib();
  const A = await lib.launchWithExtension({ extensionPath: EXT_PATH });
  let page;
  try {
    page = await benchAuditPage(lib, A, ROOT, log, figures);
  } finally {
    await A.close();
  }
  const cli = benchAuditCli(ROOT, log, figures);
  if (process.env.BENCH_NO_WRITE === '1') return;
  const file = path.join(ROOT, 'docs/benchmarks.md');
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  fs.writeFileSync(file, replaceSection(doc, '## Audit', auditSection([...page.rows, ...cli.rows], AUDIT_LIMITS)));
  writeFiguresJson(ROOT, figures.list, { machine: machine(null), date: new Date().toISOString() });
  log('wrote the Audit section of docs/benchmarks.md and its entries of docs/benchmarks.json');
}

/** A partial run (`--only identity|fill`): its entries of docs/benchmarks.json only; docs/benchmarks.md is left alone. */
function writeOwnFigures(browserVersion) {
  if (process.env.BENCH_NO_WRITE === '1') return;
  writeFiguresJson(ROOT, figures.list, { machine: machine(browserVersion), date: new Date().toISOString() });
  log(`wrote ${figures.list.length} entries of docs/benchmarks.json`);
}

/**
 * `--only fill`: figure 7 alone, with and without the extension. BENCH_PROFILE=1 profiles the
 * service worker during the fill (.tmp/fill-worker.cpuprofile); BENCH_FILL_BASE=<dir of another
 * build's chrome-mv3> fills that build's extension too, at the same time as this one.
 */
async function mainFill() {
  buildExtension();
  const lib = await bundleLib();
  const server = await startBenchServer();
  const profiling = process.env.BENCH_PROFILE === '1';
  const A = await lib.launchWithExtension({ extensionPath: EXT_PATH, args: profiling ? WORKER_PROFILE_ARGS : [] });
  const B = await lib.launchWithoutExtension();
  const baseExt = process.env.BENCH_FILL_BASE ? await lib.launchWithExtension({ extensionPath: path.resolve(process.env.BENCH_FILL_BASE) }) : null;
  let profiler = null;
  try {
    profiler = profiling ? await workerProfiler(A) : null;
    const base = baseExt ? { ext: baseExt, control: await controlPage(lib, baseExt) } : null;
    await figureFill(lib, A, B, server, await controlPage(lib, A), { profiler, base });
  } finally {
    await profiler?.close();
    await Promise.all([A.close(), B.close(), baseExt?.close()]);
    await server.close();
  }
  writeOwnFigures(null);
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `--only identity`: figure 5 alone, in Node (no extension build, no browsers; only its docs/benchmarks.json entries written).
  // `--only fill`: figure 7 alone (the extension built, one browser; only its docs/benchmarks.json entry written).
  // `--only flood`: the flood section alone (its part of docs/benchmarks.md and its entries).
  // `--only delivery`: figure 8 alone (deliveryBench.mjs; its row of docs/benchmarks.md and its entry).
  const flood = () => mainFlood({ root: ROOT, buildExtension, bundleLib, startBenchServer, machine, extPath: EXT_PATH, log, figures });
  const delivery = () => mainDelivery({ root: ROOT, buildExtension, bundleLib, startBenchServer, machine, extPath: EXT_PATH, log, figures });
  // `--only compare`: this build beside BENCH_BASE's and none (compareBench.mjs); prints, writes nothing.
  const compare = () => mainCompare({ buildExtension, bundleLib, startBenchServer, extPath: EXT_PATH, log, openBenchPage, cdpOf, quiet, quick: QUICK });
  const run =
    only === 'audit' ? mainAudit() : only === 'flood' ? flood() : only === 'delivery' ? delivery() : only === 'compare' ? compare() : only === 'identity' ? bundleLib().then((lib) => figureIdentity(lib)).then(() => writeOwnFigures(null)) : only === 'fill' ? mainFill() : main();
  run.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
