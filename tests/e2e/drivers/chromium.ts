/** The Chromium driver: playwright-core over ../harness.ts (launch, service worker, routes). */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { PageAnswers, PageMessage } from '../../../lib/shared/messages';
import { answerOf, launchWithExtension, openExtensionPage, sendExtensionMessage, stopServiceWorker, type LaunchedWithExtension } from '../harness';
import { pollUntil, WAIT_MS } from './poll';
import { tabIdByUrl } from './tabs';
import type { Badge, BrowserDriver, DriverPage } from './types';

class ChromiumPage implements DriverPage {
  constructor(readonly page: Page) {}
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.page.evaluate(fn as never, arg) as Promise<T>;
  }
  waitFor<T, A>(fn: (arg: A) => T | Promise<T>, arg?: A, timeoutMs = WAIT_MS): Promise<NonNullable<T>> {
    return pollUntil(() => this.evaluate(fn, arg), timeoutMs, `waitFor on ${this.page.url()}`);
  }
  async goto(url: string): Promise<void> {
    await this.page.goto(url, { timeout: WAIT_MS });
  }
  async setInputFile(selector: string, file: { name: string; mimeType: string; text: string }): Promise<void> {
    await this.page.locator(selector).setInputFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.text) });
  }
  close(): Promise<void> {
    return this.page.close();
  }
}

export class ChromiumDriver implements BrowserDriver {
  readonly name = 'chromium' as const;
  private ext!: LaunchedWithExtension;
  private messenger!: Page;

  async launch(): Promise<void> {
    this.ext = await launchWithExtension({ allowHosts: ['localhost'], serviceWorkerTimeoutMs: WAIT_MS });
    // A blank extension page to talk to the background from, like the panel does.
    this.messenger = await openExtensionPage(this.ext.context, this.ext.extensionId, 'popup.html?tabId=999999');
  }

  async openPage(url: string): Promise<DriverPage> {
    const page = new ChromiumPage(await this.ext.context.newPage());
    await page.goto(url);
    return page;
  }

  async openExtensionPage(pathAndQuery: string): Promise<DriverPage> {
    const page = await this.ext.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const p = new ChromiumPage(page);
    await p.goto(`chrome-extension://${this.ext.extensionId}/${pathAndQuery.replace(/^\//, '')}`);
    return p;
  }

  tabIdOf(page: DriverPage): Promise<number> {
    const url = (page as ChromiumPage).page.url();
    const ids = () =>
      this.messenger.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).chrome;
        return (await c.tabs.query({})).map((t) => t.id ?? -1).filter((id) => id >= 0);
      });
    return tabIdByUrl(ids, (tabId) => this.sendMessage({ type: 'session:get', tabId }), url);
  }

  async sendMessage<M extends PageMessage>(message: M): Promise<PageAnswers[M['type']]> {
    return answerOf(message, await sendExtensionMessage(this.messenger, message, WAIT_MS));
  }

  badge(tabId: number): Promise<Badge> {
    return this.messenger.evaluate(async (tabId) => {
      const action = (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> } } }).chrome.action;
      return { text: await action.getBadgeText({ tabId }), color: await action.getBadgeBackgroundColor({ tabId }) };
    }, tabId);
  }

  suspendBackground(): Promise<void> {
    return stopServiceWorker(this.ext.context, { extensionId: this.ext.extensionId, timeoutMs: WAIT_MS });
  }

  async clearSiteData(origin: string): Promise<void> {
    const page = await this.ext.context.newPage();
    await page.goto(`${origin}/no-such-page`);
    await page.evaluate(() => localStorage.clear());
    await page.close();
    await this.ext.context.clearCookies();
  }

  async nextDownload(trigger: () => Promise<void>): Promise<string> {
    const pages = this.ext.context.pages();
    const waits = pages.map((p) => p.waitForEvent('download', { timeout: WAIT_MS }));
    await trigger();
    const first = await Promise.any(waits);
    return readFile(await first.path(), 'utf8');
  }

  async close(): Promise<void> {
    await this.ext?.close();
  }
}
