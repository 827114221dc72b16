/**
 * Issue 13 end to end: with preserve log (the default), a reload keeps a correct session from
 * turning red, and the panel's headline names the latest identify by its #.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openExtensionPage, waitForFixture } from './harness';
import { extensionSuite, type SessionAnswer } from './session';

const suite = extensionSuite();
const ann = { username: 'ann', email: 'ann@example.com' };

/** The app's login on this page: PF gets its user, then the app identifies with Segment. */
async function logIn(page: Page): Promise<void> {
  await waitForFixture(page);
  await page.evaluate((pfUser) => {
    const w = window as unknown as { $productFruits: unknown[][]; app: { segmentCall(...a: unknown[]): Promise<unknown> } };
    w.$productFruits.push(['init', 'ws-fixture', 'en', pfUser]);
    return w.app.segmentCall('identify', 'ann', { email: 'ann@example.com' });
  }, ann);
}

describe('preserve log + reload', () => {
  it('keeps a correct session green: each identify is judged against the PF user of its own page', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/no-such-page`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${suite.server.origin}/pf-v2.html?login=0`);
    await logIn(page);
    const tabId = await suite.sessions.tabId(page);
    const identifies = (a: SessionAnswer) => a.document.events.filter((e) => e.type === 'identify' && e.verdict);
    await suite.sessions.until(tabId, (a) => identifies(a).length === 1);
    await page.reload();
    await logIn(page);
    const answer = await suite.sessions.until(tabId, (a) => identifies(a).length === 2 && (a.document.navigations?.length ?? 0) > 0);
    for (const event of identifies(answer)) {
      expect(event.verdict).toMatchObject({ rule: 'email', pfUser: { username: 'ann' }, samePersonAsPage: true });
    }
    expect(answer.status.light).not.toBe('red');
    const seq = identifies(answer).at(-1)!.seq;
    expect(answer.status.reason).toContain(`Latest identify #${seq}`);

    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    await panel.getByRole('tablist', { name: 'Panel view' }).getByRole('tab', { name: 'Identity' }).click();
    const rule = panel.getByRole('region', { name: 'Matching rule' });
    await rule.getByText(`Latest identify #${seq}`).waitFor();
    expect(await rule.innerText()).toContain("the page's PF user");
    await panel.close();
    await page.close();
  });
});
