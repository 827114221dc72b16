/**
 * Issue 12, the panel: a large live session (10,000 events) opens as a window of event summaries;
 * every row arrives, the open event's detail and the search are answered by the background, and
 * the Identity view still gets the whole document when it is opened.
 */
import { describe, expect, it } from 'vitest';
import { openExtensionPage, waitForFixture } from './harness';
import { extensionSuite } from './session';

const suite = extensionSuite();
const COUNT = 10_000;

describe('panel over a large live session', () => {
  it('holds every row, opens an event in full, searches, and shows the Identity view', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/many-events.html?count=${COUNT}`, { waitUntil: 'commit' });
    await waitForFixture(page, 30_000);
    const tabId = await suite.sessions.tabId(page);
    await suite.sessions.until(tabId, (a) => (a.document.events.at(-1)?.seq ?? 0) >= COUNT, 60_000);

    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    await panel.setViewportSize({ width: 1280, height: 800 });
    const list = panel.getByRole('listbox', { name: 'Events' });
    await list.getByRole('option').first().waitFor({ timeout: 30_000 });
    // The first page is small; the rest arrive after it. The chip counts what the panel holds.
    await panel.getByRole('button', { name: `Segment ${COUNT}` }).waitFor({ timeout: 60_000 });

    // Following the tail: the newest call is in view. Its detail comes from the background.
    const last = list.getByRole('option').filter({ hasText: 'Clicked Button 9998' });
    await last.click();
    const detail = panel.getByRole('region', { name: 'Event detail' });
    await detail.getByText('"Clicked Button 9998"').waitFor();

    const search = panel.getByRole('searchbox', { name: 'Search events' });
    await search.fill('clicked button 5003');
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBe(1);
    expect(await list.getByRole('option').first().innerText()).toContain('Clicked Button 5003');
    await search.fill('');
    await expect.poll(() => list.getByRole('option').count(), { timeout: 30_000 }).toBeGreaterThan(10);

    const views = panel.getByRole('tablist', { name: 'Panel view' });
    await views.getByRole('tab', { name: 'Identity' }).click();
    await panel.getByRole('region', { name: 'Identity timeline' }).waitFor({ timeout: 60_000 });
    // Back on the list, which again holds summaries only.
    await views.getByRole('tab', { name: 'Events' }).click();
    await list.getByRole('option').first().waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: `Segment ${COUNT}` }).waitFor({ timeout: 60_000 });
    await panel.close();
    await page.close();
  });
});
