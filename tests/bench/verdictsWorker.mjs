// Figure 5's verdict rate, timed in a worker thread of its own: the background judges a session in
// its own service worker, whose heap holds neither the bench's tools (Vite, Playwright) nor the
// imports' garbage (those run in the users worker), so neither is collected on the judging's time.
// 10,000 identifies are judged again and again, warm, as the fold judges a live session's events;
// the first rounds (V8 compiling the engine) are timed apart and not counted, the very first is
// reported as the cold figure. Started by bench.mjs with { libUrl, quick }; posts one result per case.
import { parentPort, workerData } from 'node:worker_threads';
import { median } from './benchReport.mjs';
import { usersCsv } from './usersCsv.mjs';

const { libUrl, quick } = workerData;
const lib = await import(libUrl);

function makeEvents(n) {
  const events = [];
  for (let i = 1; i <= n; i++) {
    const userId = `user-${i % 500}`;
    const traits = { email: `User.${i % 500}@Example.com` };
    events.push({
      id: `e-${i}`,
      seq: i,
      capturedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString(),
      pageUrl: 'http://127.0.0.1/app',
      source: 'segment',
      type: 'identify',
      name: null,
      args: [userId, traits],
      built: { type: 'identify', userId, traits, anonymousId: 'anon-1', messageId: `m-${i}`, context: {} },
      delivery: null,
      via: 'instance',
    });
  }
  return events;
}

const events = makeEvents(10_000);
const timeline = [{ at: new Date(Date.UTC(2026, 0, 1)).toISOString(), via: 'init', user: { username: 'user-1', email: 'user.1@example.com' }, afterSeq: 0 }];
// Indexed once per import, as the pages hold it; the figure is the judging.
const imported = lib.importPfUsers(usersCsv(100_000), 'users.csv').users;
const rounds = quick ? 5 : 15;
const warmup = quick ? 2 : 5;
const results = [];
for (const [label, imp] of [['no imported users', []], ['100,000 imported users', imported]]) {
  const ts = [];
  let judged = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    const t0 = performance.now();
    const v = lib.verdictsForSession(events, timeline, imp);
    ts.push(performance.now() - t0);
    judged = v.perEvent.size;
  }
  const ms = median(ts.slice(warmup));
  results.push({ label, withUsers: imp === imported, rate: (events.length / ms) * 1000, ms, cold: ts[0], rounds, warmup, judged });
}
parentPort.postMessage(results);
