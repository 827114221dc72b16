import type { PageAnswers, PageMessage } from '../../../lib/shared/messages';
/**
 * One interface over the two browsers the end-to-end scenarios run in: Chromium through
 * playwright-core (./chromium.ts) and firefox-esr through WebDriver BiDi (./firefox.ts). A scenario
 * written against it runs in both (`describe.each(drivers)` in tests/e2e/browsers.e2e.test.ts).
 * Values crossing into a page are JSON: `evaluate` takes a function and one JSON argument and
 * returns its (awaited) JSON result.
 */
export type BrowserName = 'chromium' | 'firefox';

export interface DriverPage {
  /** Runs `fn(arg)` in the page's own world, awaits it, returns its JSON result. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Polls `fn(arg)` until it returns something truthy, then returns that (throws at the deadline). */
  waitFor<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A, timeoutMs?: number): Promise<NonNullable<T>>;
  goto(url: string): Promise<void>;
  /** Sets the files of an `<input type=file>` (CSS selector) as if the user picked them. */
  setInputFile(selector: string, file: { name: string; mimeType: string; text: string }): Promise<void>;
  close(): Promise<void>;
}

export interface Badge {
  text: string;
  /** [r, g, b, a] */
  color: number[];
}

export interface BrowserDriver {
  readonly name: BrowserName;
  /** Starts the browser with the built extension (.output/chrome-mv3 or .output/firefox-mv3). */
  launch(): Promise<void>;
  /** A new tab on `url`, loaded. */
  openPage(url: string): Promise<DriverPage>;
  /** An extension page (`devtools-panel.html?tabId=N`, `popup.html?tabId=N`) as a new tab. */
  openExtensionPage(pathAndQuery: string): Promise<DriverPage>;
  /** The extension's tab id for a page opened with openPage. */
  tabIdOf(page: DriverPage): Promise<number>;
  /** A runtime message from an extension page to the background; its answer. */
  /** A message as an extension page sends it; a failure or no answer throws. */
  sendMessage<M extends PageMessage>(message: M): Promise<PageAnswers[M['type']]>;
  badge(tabId: number): Promise<Badge>;
  /** Stops the background (Chromium's service worker, Firefox's event page); resolves once it is stopped. */
  suspendBackground(): Promise<void>;
  /** Forgets cookies and site storage of the fixture origins (a first visit for the next page). */
  clearSiteData(origin: string): Promise<void>;
  /** Runs `trigger` and returns the text of the download it starts (e.g. Export), once complete. */
  nextDownload(trigger: () => Promise<void>): Promise<string>;
  close(): Promise<void>;
}
