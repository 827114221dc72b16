import { ChromiumDriver } from './chromium';
import { FirefoxDriver } from './firefox';
import type { BrowserDriver } from './types';

export type { BrowserDriver, BrowserName, DriverPage, Badge } from './types';
export { pollUntil, WAIT_MS } from './poll';

/** Both drivers, for `describe.each(drivers)`: each scenario runs in Chromium and in Firefox. */
export const drivers: { name: string; make: () => BrowserDriver }[] = [
  { name: 'chromium', make: () => new ChromiumDriver() },
  { name: 'firefox', make: () => new FirefoxDriver() },
];
