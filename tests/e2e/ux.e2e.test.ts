/**
 * Issue 13 end to end: with preserve log (the default), a reload keeps a correct session from
 * turning red, and the panel's headline names the latest identify by its #; on the demo app with
 * identities that disagree, every identity view tells one story about that identify; the Webhook tab warns
 * about a swapped URL and secret; the diagnose page reads a Segment HTTP API body without `type`.
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
    expect(answer.status.light).toBe('green');
    await page.close();
  });
});

describe('one identity story', () => {
  it('demo app, identities disagree, logged in twice: headline, strip, rule path and what-if all judge the latest identify', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/demo.html?login=0`);
    await waitForFixture(page);
    const tabId = await suite.sessions.tabId(page);
    const identifies = (a: SessionAnswer) => a.document.events.filter((e) => e.type === 'identify' && e.verdict);
    await page.evaluate(async () => {
      const app = (window as unknown as { app: { setDisagree(on: boolean): void; login(): Promise<unknown> } }).app;
      app.setDisagree(true);
      await app.login();
      await app.login();
    });
    const answer = await suite.sessions.until(tabId, (a) => identifies(a).length === 2);
    const [first, latest] = identifies(answer);
    const label = `Latest identify #${latest!.seq}`;
    expect(answer.status.reason).toContain(label);

    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    const strip = panel.getByRole('region', { name: 'Current verdict' });
    await strip.waitFor();
    expect(await strip.innerText()).toContain(label);
    await strip.getByRole('button', { name: 'Identity view' }).click();

    const headline = panel.locator('.identity-overview .status-light');
    await headline.waitFor();
    expect(await headline.innerText()).toContain(label);
    const rule = panel.getByRole('region', { name: 'Matching rule' });
    expect(await rule.innerText()).toContain(`${label}:`);
    const known = rule.getByRole('list', { name: 'Known PF users' });
    expect(await known.innerText()).toContain(`created by event #${first!.seq}`);
    expect(await known.innerText()).toContain("the page's PF user");
    const steps = async (scope: typeof rule) =>
      scope.getByRole('list', { name: 'Matching rule, step by step' }).locator('li').evaluateAll((items) => items.map((li) => li.className));
    const whatIf = panel.getByRole('region', { name: 'What if' });
    expect(await whatIf.getByRole('status').innerText()).toBe(`Follows the session: ${label}.`);
    expect(await steps(whatIf)).toEqual(await steps(rule));
    expect(await whatIf.getByLabel('Segment userId').inputValue()).toBe('user-123');
    await panel.close();
    await page.close();
  });
});

describe('webhook settings', () => {
  it('warns when the Webhook URL and the Shared Secret are swapped', async () => {
    const page = await suite.ext.context.newPage();
    await page.goto(`${suite.server.origin}/pf-v2.html?login=0`);
    await logIn(page);
    const tabId = await suite.sessions.tabId(page);
    await suite.sessions.until(tabId, (a) => a.document.events.some((e) => e.type === 'identify' && e.verdict));
    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    await panel.getByRole('listbox', { name: 'Events' }).getByRole('option').filter({ hasText: 'identify' }).last().click();
    await panel.getByRole('tablist', { name: 'Event stages' }).getByRole('tab', { name: 'Webhook' }).click();
    await panel.getByLabel(/^Webhook URL/).fill('pf-secret-123');
    await panel.getByLabel(/^Shared Secret/).fill('https://api.productfruits.com/hook/1');
    const warnings = panel.getByRole('alert', { name: 'Webhook settings warnings' });
    await warnings.waitFor();
    expect(await warnings.innerText()).toContain('The Shared Secret field holds a URL');
    await panel.close();
    await page.close();
  });
});

describe('diagnose page', () => {
  it('reads a Segment HTTP API body without a type as a track', async () => {
    const diagnose = await openExtensionPage(suite.ext.context, suite.ext.extensionId, 'diagnose.html');
    await diagnose.getByLabel(/^Paste Segment event JSON/).fill('{"userId": "019mr8mf4r", "event": "Item Purchased"}');
    const verdicts = diagnose.getByRole('region', { name: 'Verdicts' });
    await verdicts.getByRole('table').waitFor();
    const row = verdicts.getByRole('row').nth(1);
    expect(await row.innerText()).toContain('track');
    expect(await row.innerText()).toContain('019mr8mf4r');
    await diagnose.close();
  });
});
