import type { Page } from 'playwright-core';

/**
 * Resolves once an image the page adds now, at a URL that cannot load, has failed: the marker
 * that a payload's broken image (`<img src=x onerror=...>`) inserted earlier has had its chance
 * to run its handler, without waiting for a fixed time.
 */
export async function brokenImageSettled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const probe = new Image();
        probe.onerror = () => resolve();
        probe.onload = () => resolve();
        probe.src = `x?marker=${Date.now()}`;
      }),
  );
}
