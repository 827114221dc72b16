// `npm run demo`: build the extension and the fixtures, serve the demo app on 127.0.0.1 and open it
// in Chromium (/usr/bin/chromium) with the extension loaded.
//  - DISPLAY set: headed; click around yourself, open DevTools → "Segment Companion" panel; Ctrl-C ends.
//  - no DISPLAY: headless walk-through (log in, finish tour, complete checklist item, track purchase),
//    screenshot of the panel page to .tmp/demo-panel.png, and a table of what the extension captured.
// Options: DEMO_SKIP_BUILD=1 (reuse .output/chrome-mv3), CHROMIUM_PATH, DEMO_DISAGREE=1 (tick
// "make identities disagree" before logging in).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = path.join(root, '.tmp');
const extensionPath = path.join(root, '.output/chrome-mv3');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const headed = Boolean(process.env.DISPLAY);
const t0 = Date.now();
const step = (msg) => console.log(`[demo +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function run(cmd, args) {
  step(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`[demo] ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

// 1. Dependencies and builds.
if (!fs.existsSync(path.join(root, 'node_modules'))) run('npm', ['ci']);
if (process.env.DEMO_SKIP_BUILD !== '1' || !fs.existsSync(path.join(extensionPath, 'manifest.json'))) {
  run('npx', ['wxt', 'build']);
}
const { buildFixtures } = await import('../fixtures/build-fixtures.mjs');
await buildFixtures();
const { startFixtureServer } = await import('../fixtures/server.mjs');
const { chromium } = await import('playwright-core');

// 2. Fixture server: 5173 when free.
function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
const server = await startFixtureServer({ port: (await portFree(5173)) ? 5173 : 0 });
step(`fixture server at ${server.origin} (demo app: ${server.origin}/demo.html)`);

// 3. Chromium with the extension; nothing but 127.0.0.1 may be reached.
fs.mkdirSync(tmp, { recursive: true });
const userDataDir = fs.mkdtempSync(path.join(tmp, 'demo-profile-'));
const tmpDir = path.join(userDataDir, 'tmp');
fs.mkdirSync(tmpDir, { recursive: true });
const args = [
  ...(headed ? [] : ['--headless=new']),
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-extensions-except=${extensionPath}`,
  `--load-extension=${extensionPath}`,
];
const tLaunch = Date.now();
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: !headed,
  args,
  env: { ...process.env, TMPDIR: tmpDir },
  viewport: headed ? null : { width: 1280, height: 800 },
});
const blocked = [];
await context.route('**/*', (route) => {
  const url = route.request().url();
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {}
  if (!/^(https?|wss?):/.test(url) || host === '127.0.0.1') return route.continue();
  blocked.push(url);
  return route.abort('blockedbyclient');
});
const isExtWorker = (w) => w.url().startsWith('chrome-extension://');
const worker =
  context.serviceWorkers().find(isExtWorker) ??
  (await context.waitForEvent('serviceworker', { predicate: isExtWorker, timeout: 10_000 }));
const extensionId = new URL(worker.url()).host;
step(`Chromium ${headed ? 'headed' : 'headless'} with extension ${extensionId} up in ${Date.now() - tLaunch} ms`);

let cleaning = false;
async function cleanup(code = 0) {
  if (cleaning) return;
  cleaning = true;
  await context.close().catch(() => undefined);
  await server.close().catch(() => undefined);
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void cleanup(0));
process.on('SIGTERM', () => void cleanup(0));

// 4. The demo app.
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(`${server.origin}/demo.html?login=0`);
await page.waitForFunction(() => window.__fixtureReady === true, null, { timeout: 15_000 });

async function tabIdOf(p) {
  await p.bringToFront();
  const url = p.url();
  return worker.evaluate(async (url) => {
    const all = await chrome.tabs.query({});
    const byUrl = all.filter((t) => t.url === url);
    if (byUrl.length === 1) return byUrl[0].id;
    const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return active?.id ?? -1;
  }, url);
}
const tabId = await tabIdOf(page);
const panelUrl = `chrome-extension://${extensionId}/devtools-panel.html?tabId=${tabId}`;

if (headed) {
  step(`demo app open in tab ${tabId}. Try: Log in as Ann, Finish tour, Track purchase, the "disagree" box.`);
  step(`panel as a tab: ${panelUrl} (or DevTools → the extension's panel). Ctrl-C to stop.`);
  await new Promise(() => {}); // until Ctrl-C
}

// 5. Headless walk-through.
try {
  if (process.env.DEMO_DISAGREE === '1') await page.check('#disagree');
  await page.click('#login');
  await page.waitForFunction(() => window.productFruitsIsReady === true, null, { timeout: 10_000 });
  await page.click('#finish-tour');
  await page.click('#complete-item');
  await page.click('#track-purchase');
  await server.waitForRequests(5, 10_000).catch((e) => step(String(e.message)));
  await page.waitForTimeout(500);
  step(`mock Segment API received ${server.requests.length} requests:`);
  for (const r of server.requests) {
    console.log(`  ${r.path.padEnd(6)} ${String(r.body?.type).padEnd(9)} ${String(r.body?.event ?? r.body?.name ?? '').padEnd(26)} userId=${r.body?.userId}`);
  }

  const panel = await context.newPage();
  const panelResponse = await panel.goto(panelUrl).catch((e) => e);
  if (panelResponse instanceof Error) step(`panel page did not open: ${panelResponse.message}`);
  await panel.waitForTimeout(1500);
  const shot = path.join(tmp, 'demo-panel.png');
  await panel.screenshot({ path: shot, fullPage: false });
  await page.bringToFront();
  await page.screenshot({ path: path.join(tmp, 'demo-app.png') });
  step(`screenshots: ${path.relative(root, shot)}, .tmp/demo-app.png`);

  // 6. Ask the extension for the session (works once the background answers session:get).
  let answer;
  try {
    answer = await panel.evaluate(async (tabId) => {
      const reply = chrome.runtime.sendMessage({ type: 'session:get', tabId }).catch((e) => ({ __error: String(e) }));
      return Promise.race([reply, new Promise((r) => setTimeout(() => r(undefined), 5000))]);
    }, tabId);
  } catch (e) {
    answer = { __error: String(e) };
  }
  const events = answer?.document?.events ?? answer?.events;
  if (!Array.isArray(events)) {
    step(`no session from the extension (answer: ${JSON.stringify(answer)?.slice(0, 200) ?? 'none'})`);
  } else {
    step(`extension captured ${events.length} events for tab ${tabId} (status: ${JSON.stringify(answer.status ?? null)}):`);
    const rows = events.map((e) => ({
      seq: e.seq,
      source: e.source,
      type: e.type,
      name: e.name ?? '',
      userId: e.built?.userId ?? e.sent?.userId ?? '',
      delivery: e.delivery?.status ?? '',
    }));
    console.table(rows);
  }
  step(`blocked outbound requests: ${blocked.length}${blocked.length ? ` (${blocked.slice(0, 5).join(', ')})` : ''}`);
  await cleanup(0);
} catch (err) {
  console.error('[demo] failed:', err);
  await cleanup(1);
}
