/**
 * The panel page with 10,000 captured events, in light and dark, plus its Identity view and an
 * event's Webhook tab, saved as screenshots under .tmp/screenshots/ for a person to look at;
 * every view of a real Segment + PF session at DevTools' docked width (700×800) and at 1280×800,
 * light and dark (.tmp/screenshots/views/); and
 * the store screenshots (docs/store/screenshot-{light,dark}.png, 1280×800) of a real session:
 * analytics-next and Product Fruits on the PF fixture app, clicked through.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import { abs, launchWithExtension, openExtensionPage, waitForFixture, type LaunchedWithExtension } from './harness';
import { named, segmentEvents, sessionReader, type SessionReader } from './session';

const startFixtureServer = startFixtureServerUntyped as () => Promise<{ origin: string; close(): Promise<void> }>;

const COUNT = 10_000;
const SHOTS = abs('.tmp/screenshots');

let server: { origin: string; close(): Promise<void> };
let ext: LaunchedWithExtension;
let sessions: SessionReader;
let tabId: number;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startFixtureServer();
  ext = await launchWithExtension();
  sessions = await sessionReader(ext);
  const page = await ext.context.newPage();
  await page.goto(`${server.origin}/many-events.html?count=${COUNT}`, { waitUntil: 'commit' });
  await waitForFixture(page, 30_000);
  tabId = await sessions.tabId(page);
  // The background keeps fewer than 10,000 (it evicts ~3,000 of this burst); wait for the last call instead.
  await sessions.until(tabId, (a) => (a.document.events.at(-1)?.seq ?? 0) >= COUNT, 20_000);
});
afterAll(async () => {
  await sessions?.close();
  await ext?.close();
  await server?.close();
});

async function openPanel(query: string): Promise<Page> {
  const panel = await openExtensionPage(ext.context, ext.extensionId, `devtools-panel.html?tabId=${tabId}${query}`);
  await panel.setViewportSize({ width: 1280, height: 800 });
  await panel.getByRole('listbox', { name: 'Events' }).locator('.event-row').first().waitFor();
  return panel;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png` });

describe('panel screenshots with 10,000 events', () => {
  it('light: list rows and the event count', async () => {
    const panel = await openPanel('&theme=default');
    expect(await panel.locator('.panel').getAttribute('data-theme')).toBe('light');
    expect(await panel.locator('.event-row').count()).toBeGreaterThan(10);
    // 10,000 events are within the default limit and fit in storage.session compressed: none dropped.
    const kept = (await sessions.get(tabId)).document;
    expect(kept.capture?.evicted).toBe(0);
    expect(kept.events.length).toBe(COUNT);
    expect(await panel.getByRole('button', { name: /^Segment \d+$/ }).textContent()).toBe(`Segment ${kept.events.length}`);
    // HTML in event names is text, never markup.
    expect(await panel.locator('.event-list img, .event-list b').count()).toBe(0);
    await shot(panel, 'panel-light-10k');
    await panel.close();
  });

  it('dark, with the Identity view and the Webhook tab', async () => {
    const panel = await openPanel('&theme=dark');
    expect(await panel.locator('.panel').getAttribute('data-theme')).toBe('dark');
    await shot(panel, 'panel-dark-10k');

    await panel.getByRole('tab', { name: 'Identity' }).click();
    await panel.getByRole('region', { name: 'Identity timeline' }).waitFor();
    await shot(panel, 'panel-dark-identity-10k');

    // The timeline opens its event in the Events view; the Webhook tab then shows what PF would get.
    await panel.getByRole('region', { name: 'Identity timeline' }).getByRole('button').last().click();
    await panel.getByRole('region', { name: 'Event detail' }).waitFor();
    await panel.getByRole('tab', { name: 'Webhook' }).click();
    // The stand-in analytics hands the hook no built event, so the tab says it has nothing to sign.
    await panel.getByText('No payload was seen for this event').waitFor();
    await shot(panel, 'panel-dark-webhook-10k');
    await panel.close();
  });

  it('light Identity view and Webhook tab', async () => {
    const panel = await openPanel('&theme=default');
    await panel.getByRole('tab', { name: 'Identity' }).click();
    await panel.getByRole('region', { name: 'Identity timeline' }).waitFor();
    await shot(panel, 'panel-light-identity-10k');
    await panel.getByRole('tab', { name: 'Events' }).click();
    await panel.locator('.event-row').last().click();
    await panel.getByRole('tab', { name: 'Webhook' }).click();
    await panel.getByText('No payload was seen for this event').waitFor();
    await shot(panel, 'panel-light-webhook-10k');
    await panel.close();
  });
});

describe('store screenshots (1280×800) of a real Segment + Product Fruits session', () => {
  it('light and dark panel with the verdict of the identify open', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/pf-v2.html`);
    await waitForFixture(page);
    for (const id of ['finish-tour', 'open-announcement', 'track-purchase']) await page.locator(`#${id}`).click();
    const appTab = await sessions.tabId(page);
    await sessions.until(appTab, (a) => named(a, 'Order Completed').length > 0 && segmentEvents(a).every((e) => e.delivery?.status === 'delivered') && a.document.events.some((e) => e.verdict));
    for (const theme of ['light', 'dark'] as const) {
      const panel = await openExtensionPage(ext.context, ext.extensionId, `devtools-panel.html?tabId=${appTab}&theme=${theme === 'light' ? 'default' : 'dark'}`);
      await panel.setViewportSize({ width: 1280, height: 800 });
      const row = panel.getByRole('listbox', { name: 'Events' }).getByRole('option').filter({ hasText: 'identify' }).first();
      await row.click();
      await panel.getByRole('tablist', { name: 'Event stages' }).getByRole('tab', { name: 'Identity' }).click();
      await panel.locator('#detail-tabpanel').getByText(/matched by (email|username)/).first().waitFor();
      const file = abs(`docs/store/screenshot-${theme}.png`);
      await panel.screenshot({ path: file });
      // PNG header: width and height at bytes 16 and 20.
      const png = fs.readFileSync(file);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 800]);
      await panel.close();
    }
    await page.close();
  });
});

const WIDTHS = [700, 1280] as const;
const VIEWS_DIR = `${SHOTS}/views`;

describe('every view of a real Segment + Product Fruits session at 700 and 1280 px, light and dark', () => {
  let appTab: number;
  beforeAll(async () => {
    fs.mkdirSync(VIEWS_DIR, { recursive: true });
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/pf-v2.html`);
    await waitForFixture(page);
    for (const id of ['finish-tour', 'open-announcement', 'track-purchase']) await page.locator(`#${id}`).click();
    appTab = await sessions.tabId(page);
    await sessions.until(appTab, (a) => named(a, 'Order Completed').length > 0 && segmentEvents(a).every((e) => e.delivery?.status === 'delivered') && a.document.events.some((e) => e.pfLink));
  });

  for (const width of WIDTHS) {
    for (const theme of ['light', 'dark'] as const) {
      it(`${width}px ${theme}: events with one open, identity, delivery, webhook and the PF action with its link`, async () => {
        const panel = await openExtensionPage(ext.context, ext.extensionId, `devtools-panel.html?tabId=${appTab}&theme=${theme === 'light' ? 'default' : 'dark'}`);
        await panel.setViewportSize({ width, height: 800 });
        const list = panel.getByRole('listbox', { name: 'Events' });
        const save = (view: string) => panel.screenshot({ path: `${VIEWS_DIR}/${view}-${width}-${theme}.png` });
        const stage = (name: string | RegExp) => panel.getByRole('tablist', { name: 'Event stages' }).getByRole('tab', { name });
        const header = panel.locator('.event-list__header');
        const detail = panel.getByRole('region', { name: 'Event detail' });

        await list.getByRole('option').filter({ hasText: 'identify' }).first().click();
        await detail.waitFor();
        // With an event open the list narrows to # / Type / Name and one status mark, and its header stays left of the detail.
        await panel.locator('.event-list__header .cell--mark').waitFor({ state: 'attached' });
        expect(await header.locator('.cell').count()).toBe(4);
        const headerBox = (await header.boundingBox())!;
        const detailBox = (await panel.locator('.panel__detail').boundingBox())!;
        expect(headerBox.x + headerBox.width).toBeLessThanOrEqual(detailBox.x);
        await save('events-open');

        await stage('Webhook').click();
        await panel.locator('#detail-tabpanel').getByText(/signature|X-Signature/i).first().waitFor();
        await save('webhook');

        await list.getByRole('option').filter({ hasText: 'Order Completed' }).first().click();
        await stage('Delivery').click();
        await panel.locator('#detail-tabpanel').getByText('delivered').first().waitFor();
        await save('delivery');

        // One PF action, one row group: the head names the track PF sent, unfolded it lists both sides.
        const head = list.locator('.event-row--group-head').filter({ hasText: 'Tour finished' }).first();
        await head.getByText(/→ Segment track 'Tour Finished' · delivered 200/).waitFor();
        await head.getByRole('button', { name: /^Unfold/ }).click();
        await list.locator('.event-row--group-member').first().waitFor();
        await head.click();
        await stage('Link').click();
        await panel.locator('#detail-tabpanel').getByText(/Linked event/).waitFor();
        await save('pf-link');

        await panel.getByRole('button', { name: 'Close detail' }).click();
        await panel.getByRole('region', { name: 'Page overview' }).waitFor();
        await save('events');

        await panel.getByRole('tablist', { name: 'Panel view' }).getByRole('tab', { name: /^Identity/ }).click();
        await panel.getByRole('region', { name: 'Identity timeline' }).waitFor();
        await save('identity');
        await panel.close();
      });
    }
  }
});
