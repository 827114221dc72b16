/**
 * The Firefox driver: firefox-esr over WebDriver BiDi (../bidi.ts), started with system access so
 * moz-extension:// pages open as tabs, the add-on's UUID fixed by pref so their URLs are known in
 * advance, and the parent process reachable to suspend the MV3 event page on demand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FIREFOX_EXTENSION_PATH, FIREFOX_PATH, firefoxAvailable, launchFirefox, type BidiSession, type LaunchedFirefox } from '../bidi';
import type { PageAnswers, PageMessage, Reply } from '../../../lib/shared/messages';
import { answerOf } from '../harness';
import { pollUntil, WAIT_MS } from './poll';
import { tabIdByUrl } from './tabs';
import type { Badge, BrowserDriver, DriverPage } from './types';

export const GECKO_ID = 'segment-pf-companion@example.org';
const UUID = '6f1e4a52-5c1d-4b7e-9a3f-2d8c0b7e1a90';

/** Runs a serialized function with one JSON argument and hands back its JSON result as text. */
const wrap = (fn: string) => `async function (argJson) { const fn = (${fn}); const v = await fn(JSON.parse(argJson)); return JSON.stringify(v === undefined ? null : v); }`;

class FirefoxPage implements DriverPage {
  constructor(
    private readonly bidi: BidiSession,
    readonly context: string,
  ) {}

  async evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    const r = await this.bidi.send<{ type: string; result?: { value?: string }; exceptionDetails?: { text?: string } }>(
      'script.callFunction',
      {
        functionDeclaration: wrap(fn.toString()),
        arguments: [{ type: 'string', value: JSON.stringify(arg === undefined ? null : arg) }],
        target: { context: this.context },
        awaitPromise: true,
      },
      WAIT_MS,
    );
    if (r.type === 'exception') throw new Error(`evaluate threw: ${r.exceptionDetails?.text ?? 'unknown'}`);
    return JSON.parse(r.result?.value ?? 'null') as T;
  }

  waitFor<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A, timeoutMs = WAIT_MS): Promise<NonNullable<T>> {
    return pollUntil(() => this.evaluate(fn, arg), timeoutMs, 'waitFor in Firefox');
  }

  async goto(url: string): Promise<void> {
    await this.bidi.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' }, WAIT_MS);
  }

  async url(): Promise<string> {
    return this.evaluate(() => location.href);
  }

  async setInputFile(selector: string, file: { name: string; mimeType: string; text: string }): Promise<void> {
    // BiDi's input.setFiles takes paths: write the file to the profile's folder first.
    const dir = fs.mkdtempSync(path.join(DOWNLOAD_ROOT(), 'upload-'));
    const filePath = path.join(dir, file.name);
    fs.writeFileSync(filePath, file.text);
    const located = await this.bidi.send<{ nodes: { sharedId: string }[] }>('browsingContext.locateNodes', {
      context: this.context,
      locator: { type: 'css', value: selector },
    });
    const node = located.nodes[0];
    if (!node) throw new Error(`no ${selector} in the page`);
    await this.bidi.send('input.setFiles', { context: this.context, element: { sharedId: node.sharedId }, files: [filePath] });
  }

  async close(): Promise<void> {
    await this.bidi.send('browsingContext.close', { context: this.context }).catch(() => undefined);
  }
}

let downloadRoot = '';
const DOWNLOAD_ROOT = () => downloadRoot;

export class FirefoxDriver implements BrowserDriver {
  readonly name = 'firefox' as const;
  private ff!: LaunchedFirefox;
  private bidi!: BidiSession;
  private messenger!: FirefoxPage;
  private downloads = '';

  async launch(): Promise<void> {
    if (!firefoxAvailable()) {
      throw new Error(`firefox-esr is not installed (${FIREFOX_PATH} missing): run \`apt-get install -y firefox-esr\` (CI's .ci/run does).`);
    }
    const extPath = DEFAULT_FIREFOX_EXTENSION_PATH;
    if (!fs.existsSync(path.join(extPath, 'manifest.json'))) {
      throw new Error(`No Firefox build at ${extPath}: run \`npm run build:firefox\`.`);
    }
    this.ff = await launchFirefox({
      timeoutMs: WAIT_MS,
      systemAccess: true,
      prefs: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
        // Suspension is tested on demand (suspendBackground); an idle timeout would make runs depend on timing.
        'extensions.background.idle.timeout': 3_600_000,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
      },
    });
    this.downloads = path.join(this.ff.profileDir, 'downloads');
    downloadRoot = this.ff.profileDir;
    fs.mkdirSync(this.downloads, { recursive: true });
    this.bidi = await this.ff.connect();
    await this.chrome(`Services.prefs.setStringPref('browser.download.dir', ${JSON.stringify(this.downloads)})`);
    await this.bidi.send('webExtension.install', { extensionData: { type: 'path', path: extPath } }, WAIT_MS);
    this.messenger = (await this.openExtensionPage('popup.html?tabId=999999')) as FirefoxPage;
  }

  /** Evaluates an expression in the parent process (a chrome window; needs system access). */
  private async chrome(expression: string): Promise<unknown> {
    const tree = await this.bidi.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
    const context = tree.contexts[0]?.context;
    if (!context) throw new Error('no chrome context (is Firefox started with --remote-allow-system-access?)');
    return this.bidi.evaluate(context, expression);
  }

  private async newTab(url: string): Promise<FirefoxPage> {
    const { context } = await this.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab' });
    await this.bidi.send('browsingContext.setViewport', { context, viewport: { width: 1280, height: 800 } }).catch(() => undefined);
    const page = new FirefoxPage(this.bidi, context);
    await page.goto(url);
    return page;
  }

  openPage(url: string): Promise<DriverPage> {
    return this.newTab(url);
  }

  openExtensionPage(pathAndQuery: string): Promise<DriverPage> {
    return this.newTab(`moz-extension://${UUID}/${pathAndQuery.replace(/^\//, '')}`);
  }

  async tabIdOf(page: DriverPage): Promise<number> {
    const url = await (page as FirefoxPage).url();
    const ids = () =>
      this.messenger.evaluate(async () => {
        const b = (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).browser;
        return (await b.tabs.query({})).map((t) => t.id ?? -1).filter((id) => id >= 0);
      });
    return tabIdByUrl(ids, (tabId) => this.sendMessage({ type: 'session:get', tabId }), url);
  }

  async sendMessage<M extends PageMessage>(message: M): Promise<PageAnswers[M['type']]> {
    const answer = await this.messenger.evaluate(
      (m: M) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: M): Promise<Reply<PageAnswers[M['type']]>> } } }).browser.runtime.sendMessage(m),
      message,
    );
    return answerOf(message, answer ?? undefined);
  }

  badge(tabId: number): Promise<Badge> {
    return this.messenger.evaluate(async (tabId: number) => {
      const action = (globalThis as unknown as { browser: { action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> } } }).browser.action;
      return { text: await action.getBadgeText({ tabId }), color: await action.getBadgeBackgroundColor({ tabId }) };
    }, tabId);
  }

  async suspendBackground(): Promise<void> {
    // The state is read in the same task as the termination: a page still sending wakes the event
    // page again at once, so a later look may find it 'starting' or 'running' already.
    const ext = `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension`;
    await pollUntil(
      async () => (await this.chrome(`${ext}.terminateBackground().then(() => ${ext}.backgroundState)`)) === 'stopped',
      WAIT_MS,
      'Firefox event page stopped',
    );
  }

  async clearSiteData(origin: string): Promise<void> {
    const page = await this.newTab(`${origin}/no-such-page`);
    await page.evaluate(() => {
      localStorage.clear();
      for (const c of document.cookie.split(';')) {
        const name = c.split('=')[0]?.trim();
        if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
      }
    });
    await page.close();
  }

  async nextDownload(trigger: () => Promise<void>): Promise<string> {
    const before = new Set(fs.readdirSync(this.downloads));
    await trigger();
    const file = await pollUntil(
      async () => {
        const fresh = fs.readdirSync(this.downloads).filter((f) => !before.has(f));
        // Firefox creates NAME empty and writes NAME.part, which it moves over NAME when complete.
        if (fresh.some((f) => f.endsWith('.part'))) return null;
        return fresh.find((f) => fs.statSync(path.join(this.downloads, f)).size > 0) ?? null;
      },
      WAIT_MS,
      'a completed download',
    );
    return fs.readFileSync(path.join(this.downloads, file), 'utf8');
  }

  async close(): Promise<void> {
    await this.ff?.close();
  }
}
