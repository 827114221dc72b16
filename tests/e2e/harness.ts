/**
 * End-to-end helpers: real Chromium (/usr/bin/chromium) driven by playwright-core, with the built
 * extension loaded, everything but 127.0.0.1 blocked. See docs/toolchain.md "Real Chromium".
 *
 *   const ext = await launchWithExtension();
 *   const page = await ext.context.newPage();
 *   ...
 *   await ext.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import type { PageAnswers, PageMessage, Reply } from '../../lib/shared/messages';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Absolute path from the project root. */
export const abs = (...p: string[]): string => path.resolve(ROOT, ...p);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Override with E2E_EXTENSION_PATH to test another build. */
export const DEFAULT_EXTENSION_PATH = path.resolve(process.env.E2E_EXTENSION_PATH ?? abs('.output/chrome-mv3'));
export const TMP_ROOT = abs('.tmp');

export const BASE_ARGS: readonly string[] = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchOptions {
  /** Unpacked extension directory (default `.output/chrome-mv3`, made absolute). */
  extensionPath?: string;
  /** Headed instead of `--headless=new` (needs DISPLAY). Default: headless. */
  headed?: boolean;
  /** Extra Chromium args. */
  args?: string[];
  /** Hosts allowed besides 127.0.0.1 (default none). */
  allowHosts?: string[];
  /** Keep the user-data-dir after close (for debugging). */
  keepProfile?: boolean;
  /** Wait this long for the extension's service worker (ms, default 10000). */
  serviceWorkerTimeoutMs?: number;
}

export interface Launched {
  context: BrowserContext;
  /** Requests the route blocked (anything not on 127.0.0.1), as URLs. */
  readonly blockedUrls: readonly string[];
  /** How many requests were blocked. */
  readonly blockedOutbound: number;
  /** The fresh profile directory of this run. */
  userDataDir: string;
  /** Milliseconds from launch call to a usable context (and service worker, with the extension). */
  startupMs: number;
  close(): Promise<void>;
}

export interface LaunchedWithExtension extends Launched {
  extensionId: string;
  /** The extension's current service worker (waits for one if it was stopped). */
  serviceWorker(timeoutMs?: number): Promise<Worker>;
}

let runCounter = 0;
function freshDir(kind: string): string {
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  runCounter += 1;
  return fs.mkdtempSync(path.join(TMP_ROOT, `${kind}-${process.pid}-${runCounter}-`));
}

function isAllowed(url: string, allowHosts: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') {
    return u.hostname === '127.0.0.1' || allowHosts.includes(u.hostname);
  }
  // data:, blob:, chrome-extension:, about: never leave the machine.
  return true;
}

async function launch(kind: string, opts: LaunchOptions, extensionPath: string | null): Promise<Launched> {
  const t0 = Date.now();
  const userDataDir = freshDir(`${kind}-profile`);
  const tmpDir = path.join(userDataDir, 'tmp');
  fs.mkdirSync(tmpDir, { recursive: true });

  const args = [...BASE_ARGS.filter((a) => !(opts.headed && a === '--headless=new')), ...(opts.args ?? [])];
  if (extensionPath) {
    args.push(`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`);
  }
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.TMPDIR = tmpDir;

  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: !opts.headed,
    args,
    env,
    viewport: { width: 1280, height: 800 },
  });

  const blockedUrls: string[] = [];
  const allowHosts = opts.allowHosts ?? [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isAllowed(url, allowHosts)) return route.continue();
    blockedUrls.push(url);
    return route.abort('blockedbyclient');
  });

  let closed = false;
  return {
    context,
    get blockedUrls() {
      return blockedUrls;
    },
    get blockedOutbound() {
      return blockedUrls.length;
    },
    userDataDir,
    startupMs: Date.now() - t0,
    async close() {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      if (!opts.keepProfile) fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Chromium with the unpacked extension loaded (both extension flags; absolute path). */
export async function launchWithExtension(opts: LaunchOptions = {}): Promise<LaunchedWithExtension> {
  const t0 = Date.now();
  const extensionPath = path.resolve(opts.extensionPath ?? DEFAULT_EXTENSION_PATH);
  if (!fs.existsSync(path.join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath} (run \`npx wxt build\` first)`);
  }
  const base = await launch('ext', opts, extensionPath);
  const { context } = base;
  const swTimeout = opts.serviceWorkerTimeoutMs ?? 10_000;

  const findWorker = (): Worker | undefined =>
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));

  let first = findWorker();
  if (!first) {
    first = await context.waitForEvent('serviceworker', {
      timeout: swTimeout,
      predicate: (w) => w.url().startsWith('chrome-extension://'),
    });
  }
  const extensionId = new URL(first.url()).host;

  const serviceWorker = async (timeoutMs = swTimeout): Promise<Worker> => {
    const existing = context
      .serviceWorkers()
      .find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    if (existing) return existing;
    return context.waitForEvent('serviceworker', {
      timeout: timeoutMs,
      predicate: (w) => w.url().startsWith(`chrome-extension://${extensionId}/`),
    });
  };

  return Object.assign(base, { extensionId, serviceWorker, startupMs: Date.now() - t0 }) as LaunchedWithExtension;
}

/** The same browser setup without any extension, for comparison runs. */
export async function launchWithoutExtension(opts: Omit<LaunchOptions, 'extensionPath'> = {}): Promise<Launched> {
  return launch('plain', opts, null);
}

interface SwVersion {
  versionId: string;
  registrationId: string;
  scriptURL: string;
  runningStatus: 'stopped' | 'starting' | 'running' | 'stopping';
}

async function withSwSession<T>(
  context: BrowserContext,
  fn: (cdp: CDPSession, versions: Map<string, SwVersion>, changed: () => Promise<void>) => Promise<T>,
): Promise<T> {
  let page = context.pages().find((p) => !p.isClosed());
  let temp: Page | null = null;
  if (!page) temp = page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, SwVersion>();
  let wake: (() => void) | null = null;
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: SwVersion[] }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
    wake?.();
  });
  const changed = () =>
    new Promise<void>((resolve) => {
      wake = () => {
        wake = null;
        resolve();
      };
      setTimeout(resolve, 100);
    });
  try {
    await cdp.send('ServiceWorker.enable');
    await changed();
    return await fn(cdp, versions, changed);
  } finally {
    await cdp.detach().catch(() => undefined);
    if (temp) await temp.close().catch(() => undefined);
  }
}

const isExtensionSw = (v: SwVersion, extensionId?: string) =>
  v.scriptURL.startsWith(extensionId ? `chrome-extension://${extensionId}/` : 'chrome-extension://');

/**
 * Running status of the extension's service worker(s), from the CDP ServiceWorker domain
 * ('running' | 'stopped' | 'starting' | 'stopping'; 'stopped' when none is known).
 */
export async function serviceWorkerStatus(context: BrowserContext, extensionId?: string): Promise<SwVersion['runningStatus']> {
  return withSwSession(context, async (_cdp, versions) => {
    const mine = [...versions.values()].filter((v) => isExtensionSw(v, extensionId));
    return mine.find((v) => v.runningStatus !== 'stopped')?.runningStatus ?? 'stopped';
  });
}

/**
 * Stops the extension's service worker via CDP `ServiceWorker.stopAllWorkers` (CDP session opened on
 * a page) and resolves once CDP reports it 'stopped'. It stays stopped until something wakes it
 * (a runtime message from an extension page or a content script, an event). Measured on
 * Chromium 156: Playwright emits no 'close' for the Worker and keeps using the same Worker object
 * once it restarts; the worker's global state is fresh after the restart.
 */
export async function stopServiceWorker(
  context: BrowserContext,
  { extensionId, timeoutMs = 10_000 }: { extensionId?: string; timeoutMs?: number } = {},
): Promise<void> {
  await withSwSession(context, async (cdp, versions, changed) => {
    await cdp.send('ServiceWorker.stopAllWorkers');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = [...versions.values()].filter((v) => isExtensionSw(v, extensionId));
      if (mine.every((v) => v.runningStatus === 'stopped')) return;
      if (Date.now() > deadline) {
        throw new Error(`stopServiceWorker: still ${mine.map((v) => v.runningStatus).join(',')} after ${timeoutMs} ms`);
      }
      await changed();
    }
  });
}

/** Opens an extension page (e.g. `devtools-panel.html?tabId=N`) as an ordinary tab. */
export async function openExtensionPage(context: BrowserContext, extensionId: string, pathAndQuery: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${pathAndQuery.replace(/^\//, '')}`);
  return page;
}

interface TabLike {
  id?: number;
  url?: string;
  pendingUrl?: string;
  active?: boolean;
  windowId?: number;
}

/** The extension's service worker in this context, if running. */
function extensionWorkerOf(context: BrowserContext): Worker | undefined {
  return context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
}

/**
 * The Chrome tab id of a page. Brings the page to the front, then asks the extension (its service
 * worker by default, or any extension page passed as `from`) with `chrome.tabs.query`: a tab whose
 * `url` matches when URLs are visible (host permissions or `tabs`), otherwise the active tab of
 * the last-focused window (`active` needs no permission).
 */
export async function tabIdOf(page: Page, from?: Page | Worker): Promise<number> {
  const target = from ?? extensionWorkerOf(page.context());
  if (!target) throw new Error('tabIdOf: no extension service worker running; pass an extension page as `from`');
  await page.bringToFront();
  const url = page.url();
  // Page and Worker have the same evaluate() shape; TS cannot call the union's overloads.
  const id = await (target as Worker).evaluate(async (url: string) => {
    const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<TabLike[]> } } }).chrome;
    const all = await c.tabs.query({});
    const byUrl = all.filter((t) => t.url === url || t.pendingUrl === url);
    if (byUrl.length === 1) return byUrl[0]?.id ?? -1;
    const active = await c.tabs.query({ active: true, lastFocusedWindow: true });
    const pick = (byUrl.length > 1 ? byUrl.filter((t) => t.active) : active)[0] ?? active[0];
    return pick?.id ?? -1;
  }, url);
  if (typeof id !== 'number' || id < 0) throw new Error(`tabIdOf: no tab found for ${url}`);
  return id;
}

/** What an extension page's message gets back in a test: the background's reply, or what sendMessage threw. */
export type SentReply<M extends PageMessage> = Reply<PageAnswers[M['type']]> | { __error: string };

/** Sends a runtime message from an extension page and returns the answer (undefined after `timeoutMs`). */
/** The answer itself: no answer, a failure or a thrown send become an error naming the message. */
export function answerOf<M extends PageMessage>(message: M, reply: SentReply<M>): PageAnswers[M['type']] {
  if (reply === undefined) throw new Error(`no answer to ${JSON.stringify(message)}`);
  if (typeof reply === 'object' && reply !== null && ('__error' in reply || ('ok' in reply && reply.ok === false && 'error' in reply))) {
    throw new Error(`${JSON.stringify(message)} failed: ${JSON.stringify(reply)}`);
  }
  return reply as PageAnswers[M['type']];
}

export async function sendExtensionMessage<M extends PageMessage>(target: Page, message: M, timeoutMs = 30_000): Promise<SentReply<M>> {
  return target.evaluate(
    async ({ message, timeoutMs }): Promise<SentReply<M>> => {
      // The extension page's own `chrome` global; this file is compiled without its types.
      const c = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: PageMessage): Promise<Reply<PageAnswers[M['type']]>> } } }).chrome;
      const answer = c.runtime.sendMessage(message).catch((e: unknown) => ({ __error: String(e) }));
      const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), timeoutMs));
      return Promise.race([answer, timeout]);
    },
    { message, timeoutMs },
  );
}

/** Waits for a fixture page's `window.__fixtureDone`. */
export async function waitForFixture(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __fixtureDone?: boolean }).__fixtureDone === true, null, {
    timeout: timeoutMs,
  });
}
