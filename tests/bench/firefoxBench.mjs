// Figure 1f: the page overhead in Firefox. The sending-on figure's 10,000 analytics-next track calls
// (Segment.io destination on, standard delivery, every request answered by the bench server's mock
// API) in two headless firefox-esr up at once, one with the extension's Firefox build installed as
// a temporary add-on and one without, rounds interleaved A/B, medians. Driven over WebDriver BiDi
// (tests/e2e/bidi.ts, bundled into the bench's lib); the profiles send everything but 127.0.0.1 to a
// dead proxy.
//
// Firefox has no CDP TaskDuration. The task-time measure here is the CPU time of the main thread of
// the content process holding the page, read from Node in /proc/<pid>/task/<pid>/schedstat (the
// kernel's account, in ns; ChromeUtils.requestProcInfo has it per thread only in 10 ms ticks). It is
// what Chromium's TaskDuration (thread time of the renderer's main thread) counts: the page, our
// page-world hook and relay content script (same process, same thread), and the GC and IPC done
// there; the extension's event page runs in the extension process, as Chromium's service worker runs
// outside the renderer. Read from outside, it adds nothing to the page, where a probe chain of
// timers would keep the thread busy itself and see only the gaps between its own tasks.
// The loop and the settling of the promises are the page's own performance.now(), as in Chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fmt, median, ratioText } from './benchReport.mjs';

const N = 10_000;
const OUT_DIR = '.tmp/bench-out-ff';
/** The add-on's moz-extension:// host, fixed by pref so the control page's URL is known in advance. */
const UUID = '3b1f6d0e-8a47-4c2e-b5d9-7e0a1c4f2b63';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Builds the Firefox MV3 extension to .tmp/bench-out-ff as bench.mjs builds the Chromium one; returns its folder. */
export function buildFirefoxExtension(root, log) {
  const dir = path.join(root, OUT_DIR, 'firefox-mv3');
  if (process.env.BENCH_NO_BUILD === '1' && fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  log(`building the Firefox extension to ${OUT_DIR}`);
  const r = spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { cwd: root, env: { ...process.env, WXT_OUT_DIR: OUT_DIR }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wxt build -b firefox failed:\n${r.stdout}\n${r.stderr}`);
  return dir;
}

/** Evaluates `expression` (its awaited value must be JSON) in a browsing context; returns the value. */
async function evaluateIn(bidi, context, expression, timeoutMs = 60_000) {
  const r = await bidi.send('script.evaluate', { expression: `(async () => JSON.stringify((await (${expression})) ?? null))()`, target: { context }, awaitPromise: true }, timeoutMs);
  if (r.type === 'exception') throw new Error(`Firefox: ${expression.slice(0, 80)} threw: ${r.exceptionDetails?.text ?? 'unknown'}`);
  return JSON.parse(r.result.value);
}

async function openTab(bidi, url) {
  // A tab made in the foreground: a background one would have its timers throttled.
  const { context } = await bidi.send('browsingContext.create', { type: 'tab', background: false });
  await bidi.send('browsingContext.navigate', { context, url, wait: 'complete' }, 60_000);
  return context;
}

/** One Firefox, with the add-on at `extensionPath` or without any; `chrome` is its parent-process context. */
async function launchSide(lib, extensionPath) {
  const geckoId = extensionPath ? JSON.parse(fs.readFileSync(path.join(extensionPath, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id : null;
  const ff = await lib.launchFirefox({
    timeoutMs: 60_000,
    // the parent process (requestProcInfo) and moz-extension:// pages need it
    systemAccess: true,
    prefs: {
      // Firefox rounds performance.now() to 1 ms by default
      'privacy.reduceTimerPrecision': false,
      ...(geckoId ? { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: UUID }), 'extensions.background.idle.timeout': 3_600_000 } : {}),
    },
  });
  try {
    const bidi = await ff.connect();
    const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const chrome = tree.contexts[0]?.context;
    if (!chrome) throw new Error('Firefox: no chrome context (started without --remote-allow-system-access?)');
    let control = null;
    if (extensionPath) {
      await bidi.send('webExtension.install', { extensionData: { type: 'path', path: extensionPath } }, 60_000);
      control = await openTab(bidi, `moz-extension://${UUID}/popup.html?tabId=999999`);
    }
    return { bidi, chrome, control, close: () => ff.close() };
  } catch (error) {
    await ff.close();
    throw error;
  }
}

/** Both sides, up at once. Firefox runs in its own process group, which outlives us: a side that did start is closed when the other failed. */
async function launchBoth(lib, extensionPath) {
  const sides = await Promise.allSettled([launchSide(lib, extensionPath), launchSide(lib, null)]);
  const failed = sides.find((s) => s.status === 'rejected');
  if (!failed) return sides.map((s) => s.value);
  await Promise.all(sides.filter((s) => s.status === 'fulfilled').map((s) => s.value.close()));
  throw failed.reason;
}

/** The CPU time (ms) so far of the main thread of the content process showing `url`, as a reader. */
async function mainThreadOf(side, url) {
  const pids = await evaluateIn(side.bidi, side.chrome, `ChromeUtils.requestProcInfo().then((info) => info.children.filter((p) => p.windows.some((w) => w.documentURI?.spec === ${JSON.stringify(url)})).map((p) => p.pid))`);
  if (pids.length !== 1) throw new Error(`Firefox: ${pids.length} content processes show ${url}`);
  // The main thread's id is the process id; the first field is its time on a CPU in ns.
  const file = `/proc/${pids[0]}/task/${pids[0]}/schedstat`;
  return () => Number(fs.readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
}

/** Waits until the thread is quiet (< 2 ms of CPU in 150 ms), as bench.mjs's quiet() does with TaskDuration; returns its CPU ms. */
async function quietThread(cpuMs, maxMs = 20_000) {
  let prev = cpuMs();
  const deadline = Date.now() + maxMs;
  for (;;) {
    await sleep(150);
    const next = cpuMs();
    if (next - prev < 2 || Date.now() > deadline) return next;
    prev = next;
  }
}

/** Runs in the control page: the event count of the session of the tab showing `url` (0 when none does). */
async function sessionTotalOf(url) {
  const b = globalThis.browser;
  for (const tab of await b.tabs.query({})) {
    const answer = await b.runtime.sendMessage({ type: 'session:rows', tabId: tab.id, since: { epoch: '', rev: 0, follower: 'bench' }, limit: 1 });
    if (answer?.document?.page?.url === url) return answer.delta.total;
  }
  return 0;
}

/** Events the extension holds for the page at `url`, once it holds `want` or has held the same count for 10 s. */
async function heldEvents(side, url, want) {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const total = await evaluateIn(side.bidi, side.control, `(${sessionTotalOf})(${JSON.stringify(url)})`);
    if (total !== last) (last = total), (lastChange = Date.now());
    if (total >= want || Date.now() - lastChange > 10_000) return total;
    await sleep(250);
  }
}

async function measureRound(side, server, url) {
  const context = await openTab(side.bidi, url);
  await evaluateIn(side.bidi, context, 'window.benchReady');
  const cpuMs = await mainThreadOf(side, url);
  const before = await quietThread(cpuMs);
  const mark = { ...server.stats };
  const t = await evaluateIn(side.bidi, context, `window.runTracks(${N})`, 300_000);
  const api = await server.untilAnswered(mark, N);
  const after = await quietThread(cpuMs, 60_000);
  // Also lets the background finish before the next round starts.
  const held = side.control ? await heldEvents(side, url, N) : null;
  await side.bidi.send('browsingContext.close', { context });
  return { ...t, cpuMs: after - before, requests: api.requests, bytes: api.bytes, held };
}

export async function figureFirefox({ lib, server, extensionPath, quick, log, row, figures }) {
  const rounds = quick ? 3 : 11;
  log(`1f. page overhead in Firefox, sending on: ${N} track calls, one request each, ${rounds} rounds A/B`);
  const [A, B] = await launchBoth(lib, extensionPath);
  const out = { with: [], without: [] };
  let version;
  try {
    version = await evaluateIn(A.bidi, A.chrome, 'Services.appinfo.version');
    for (let r = 0; r < rounds; r++) {
      for (const [label, side] of r % 2 ? [['without', B], ['with', A]] : [['with', A], ['without', B]]) {
        out[label].push(await measureRound(side, server, `${server.origin}/bench/analytics.html?batch=0&r=${r}`));
      }
    }
  } finally {
    await Promise.all([A.close(), B.close()]);
  }
  const m = (label, key) => median(out[label].map((x) => x[key]));
  const held = Math.min(...out.with.map((x) => x.held));
  const sent = out.without[0];
  const what = `Firefox ${version}, page overhead, sending on (the same 10,000 track calls, one POST each, all answered)`;
  row(1, `${what}: synchronous loop`, ratioText(m('with', 'loopMs'), m('without', 'loopMs')));
  row(1, `${what}: until all 10,000 promises resolved`, ratioText(m('with', 'settledMs'), m('without', 'settledMs')));
  const ratio = m('with', 'cpuMs') / m('without', 'cpuMs');
  const met = held >= N && ratio <= 1.02;
  row(1, `${what}: main-thread CPU time until quiet (the page's content process, /proc schedstat: Firefox's counterpart of TaskDuration)`, `${ratioText(m('with', 'cpuMs'), m('without', 'cpuMs'))}; ${sent.requests.toLocaleString('en')} requests of ${fmt(sent.bytes / sent.requests, 0)} bytes; the extension held ${held.toLocaleString('en')} of ${N.toLocaleString('en')} events (fewest of ${rounds} rounds)`, '≤ 1.02x (≤ 1.05x at the least)', met);
  for (const [key, name] of [['loopMs', 'loopRatio'], ['settledMs', 'settledRatio']]) {
    figures.add({ name: `page.overhead.firefox.${name}`, value: Number((m('with', key) / m('without', key)).toFixed(3)), unit: 'x', target: null, met: null });
  }
  figures.add({ name: 'page.overhead.firefox.mainThreadRatio', value: Number(ratio.toFixed(3)), unit: 'x', target: '≤ 1.02 (≤ 1.05 at the least)', met });
  return { version, ...out };
}
