// `BENCH_BASE=<dir> npm run bench -- --only compare`: this tree's build and another build (an
// unpacked chrome-mv3 directory, e.g. one made at an earlier commit with
// `WXT_OUT_DIR=.tmp/base npx wxt build`) side by side with no extension, in one run, each round's
// order rotated: 10,000 real analytics-next tracks (task time, and the scavenges V8 ran), the hook's
// cost per call on trivial.html and shaped.html, and the realistic page's load. What a change did
// is told by two builds measured together on the same machine at the same time; the table's rows
// compare with and without only. Prints; writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fmt as fixed, median } from './benchReport.mjs';

const SIDES = ['base', 'this', 'none'];
const TRACKS = 10_000;

/** Runs `measure(browser, round)` for every side, each round starting with the next side; returns the values per side. */
async function rotated(browsers, rounds, measure) {
  const out = { base: [], this: [], none: [] };
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < SIDES.length; k++) {
      const side = SIDES[(r + k) % SIDES.length];
      out[side].push(await measure(browsers[side], r));
    }
  }
  return out;
}

/** Scavenges and mark-compacts V8 ran on the page's main thread while `run` did (a trace of `v8.gc`). */
async function gcDuring(page, run) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'v8.gc,devtools.timeline', transferMode: 'ReportEvents' });
  await run();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const main = events.find((e) => e.name === 'TracingStartedInBrowser')?.args?.data?.frames?.[0]?.processId;
  const gcEvents = (name) => events.filter((e) => e.ph === 'X' && e.name === name && (main === undefined || e.pid === main));
  const minor = gcEvents('MinorGC');
  const major = gcEvents('MajorGC');
  const ms = (list) => list.reduce((t, e) => t + (e.dur ?? 0), 0) / 1000;
  return { scavenges: minor.length, scavengeMs: ms(minor), markCompacts: major.length, markCompactMs: ms(major) };
}

export async function mainCompare({ buildExtension, bundleLib, startBenchServer, extPath, log, openBenchPage, cdpOf, quiet, quick }) {
  const basePath = process.env.BENCH_BASE ? path.resolve(process.env.BENCH_BASE) : '';
  if (!basePath || !fs.existsSync(path.join(basePath, 'manifest.json'))) {
    throw new Error('--only compare needs BENCH_BASE=<an unpacked chrome-mv3 directory> (e.g. WXT_OUT_DIR=.tmp/base npx wxt build at another commit)');
  }
  buildExtension();
  const lib = await bundleLib();
  const server = await startBenchServer();
  const browsers = {
    base: await lib.launchWithExtension({ extensionPath: basePath }),
    this: await lib.launchWithExtension({ extensionPath: extPath }),
    none: await lib.launchWithoutExtension(),
  };
  const report = (what, values, unit, digits = 1) => log(`${what}: ${SIDES.map((s) => `${s} ${fixed(median(values[s]), digits)}${unit}`).join(', ')}`);
  try {
    const rounds = quick ? 5 : 11;
    log(`compare: base ${basePath}, this ${extPath}; ${TRACKS} analytics-next tracks, ${rounds} rounds`);
    const tracks = await rotated(browsers, rounds, async (browser, r) => {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?dest=0&r=${r}`);
      const cdp = await cdpOf(page);
      const before = await quiet(cdp);
      await page.evaluate((n) => window.runTracks(n), TRACKS);
      const after = await quiet(cdp, 60_000);
      await cdp.detach();
      await page.close();
      return after.task - before.task;
    });
    report('10,000 analytics-next tracks, main-thread task time until quiet (CDP TaskDuration)', tracks, ' ms');
    log(`  ratios over none: base ${fixed(median(tracks.base) / median(tracks.none), 3)}x, this ${fixed(median(tracks.this) / median(tracks.none), 3)}x`);

    const gc = await rotated(browsers, 3, async (browser, r) => {
      const page = await openBenchPage(browser.context, `${server.origin}/bench/analytics.html?dest=0&gc=${r}`);
      const cdp = await cdpOf(page);
      // traced until the page is quiet: the hook's deferred flush and its garbage are counted
      const seen = await gcDuring(page, async () => {
        await page.evaluate((n) => window.runTracks(n), TRACKS);
        await quiet(cdp, 60_000);
      });
      await cdp.detach();
      await page.close();
      return seen;
    });
    for (const key of ['scavenges', 'scavengeMs', 'markCompacts', 'markCompactMs']) {
      report(`  the same tracks, traced (3 rounds): ${key}`, { base: gc.base.map((g) => g[key]), this: gc.this.map((g) => g[key]), none: gc.none.map((g) => g[key]) }, '', key.endsWith('Ms') ? 1 : 0);
    }

    for (const page of ['trivial.html', 'shaped.html']) {
      const perCall = await rotated(browsers, quick ? 7 : 15, async (browser, r) => {
        const tab = await openBenchPage(browser.context, `${server.origin}/bench/${page}?r=${r}`);
        const cdp = await cdpOf(tab);
        const before = await quiet(cdp);
        const t = await tab.evaluate((n) => window.runTracks(n), TRACKS);
        const after = await quiet(cdp);
        await cdp.detach();
        await tab.close();
        return { task: after.task - before.task, loop: t.loopMs };
      });
      const none = median(perCall.none.map((x) => x.task));
      const noneLoop = median(perCall.none.map((x) => x.loop));
      const cost = (side, key, floor) => fixed(((median(perCall[side].map((x) => x[key])) - floor) * 1000) / TRACKS, 2);
      log(`${page}, hook cost per call over none: total base ${cost('base', 'task', none)} µs, this ${cost('this', 'task', none)} µs; in the call (loop) base ${cost('base', 'loop', noneLoop)} µs, this ${cost('this', 'loop', noneLoop)} µs`);
    }

    const realistic = await rotated(browsers, quick ? 8 : 16, async (browser, r) => {
      const page = await browser.context.newPage();
      const cdp = await cdpOf(page);
      const before = await quiet(cdp);
      await page.goto(`${server.origin}/bench/realistic.html?r=${r}`);
      await page.evaluate(() => window.realisticDone);
      const after = await quiet(cdp);
      await cdp.detach();
      await page.close();
      return after.task - before.task;
    });
    // the first round warms caches, as the table's realistic figure leaves it out
    for (const side of SIDES) realistic[side].shift();
    report('realistic page, main-thread task time of the load', realistic, ' ms', 2);
    log(`  added over none: base +${fixed(median(realistic.base) - median(realistic.none), 2)} ms, this +${fixed(median(realistic.this) - median(realistic.none), 2)} ms`);
  } finally {
    await Promise.all(SIDES.map((s) => browsers[s].close()));
    await server.close();
  }
}
