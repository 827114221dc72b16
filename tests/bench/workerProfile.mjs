// A CPU profile of the extension's service worker, from a browser-level CDP connection.
//
// Playwright's `newCDPSession` takes pages and frames only, and a persistent context has no
// `browser()`. So the extension browser is launched with `--remote-debugging-port=0` beside
// Playwright's pipe (WORKER_PROFILE_ARGS); Chromium writes the port to DevToolsActivePort in the
// profile directory, `chromium.connectOverCDP` opens a second connection, and the worker target is
// attached from a browser CDP session (`Target.attachToTarget`, messages relayed through
// `Target.sendMessageToTarget`, since Playwright's CDPSession cannot address a flattened child).
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const WORKER_PROFILE_ARGS = ['--remote-debugging-port=0'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function devToolsPort(userDataDir) {
  const file = path.join(userDataDir, 'DevToolsActivePort');
  const deadline = Date.now() + 20_000;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`no ${file}: was the browser launched with ${WORKER_PROFILE_ARGS.join(' ')}?`);
    await sleep(100);
  }
  return Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
}

/** Attaches to the extension's service worker; `start()` then `stop()` returns its CPU profile. */
export async function workerProfiler(A, { intervalUs = 200 } = {}) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${await devToolsPort(A.userDataDir)}`);
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${A.extensionId}/`));
  if (!worker) throw new Error('the extension has no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let nextId = 1;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(`${message.error.message} (${message.error.code})`));
    else pending.resolve(message.result);
  });
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
  });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: intervalUs });
  return {
    start: () => send('Profiler.start'),
    async stop() {
      const { profile } = await send('Profiler.stop');
      return profile;
    },
    async close() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Self time by function (and file:line), largest first, as shares of the profile's samples; only of
 * the samples from `fromMs` to `toMs` after the profile started, when given.
 */
export function selfTimes(profile, top = 20, fromMs = 0, toMs = Infinity) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  const dt = profile.timeDeltas ?? [];
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += dt[i] ?? 0;
    if (at / 1000 < fromMs || at / 1000 > toMs) continue;
    const node = byId.get(profile.samples[i]);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    counts.set(name, (counts.get(name) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
  return {
    totalMs: total / 1000,
    top: [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, share: us / total })),
  };
}
