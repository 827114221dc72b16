/**
 * Issue 4 end to end: the identity verdict for real identify calls (analytics-next) against the PF
 * user the page's PF snippet set (the PF fake), checked in the session document and on screen.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openExtensionPage, waitForFixture } from './harness';
import { extensionSuite, type SessionAnswer } from './session';


const suite = extensionSuite();

interface Case {
  pfUser: { username: string; email?: string };
  identify: [userId: string, traits: Record<string, unknown>];
}

/** A logged-out app page; PF gets its user through the v2 snippet, then the app identifies with Segment. */
async function runCase({ pfUser, identify }: Case): Promise<{ page: Page; tabId: number; answer: SessionAnswer }> {
  const page = await suite.ext.context.newPage();
  // analytics.js keeps the last user in storage: start each case as a first visit.
  await page.goto(`${suite.server.origin}/no-such-page`);
  await page.evaluate(() => localStorage.clear());
  await suite.ext.context.clearCookies();
  await page.goto(`${suite.server.origin}/pf-v2.html?login=0`);
  await waitForFixture(page);
  await page.evaluate(({ pfUser, identify }) => {
    const w = window as unknown as { $productFruits: unknown[][]; app: { segmentCall(...a: unknown[]): Promise<unknown> } };
    w.$productFruits.push(['init', 'ws-fixture', 'en', pfUser]);
    return w.app.segmentCall('identify', ...identify);
  }, { pfUser, identify });
  const tabId = await suite.sessions.tabId(page);
  const answer = await suite.sessions.until(tabId, (a) => a.document.events.some((e) => e.type === 'identify' && e.verdict && e.delivery?.status === 'delivered'));
  return { page, tabId, answer };
}

const identifyOf = (a: SessionAnswer) => a.document.events.filter((e) => e.type === 'identify').at(-1)!;

/** The panel for the tab: the identify's verdict mark in the list, then its Identity tab. */
async function identityOnScreen(tabId: number): Promise<{ mark: string; text: string; panel: Page }> {
  const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
  const row = panel.getByRole('listbox', { name: 'Events' }).getByRole('option').filter({ hasText: 'identify' }).last();
  await row.waitFor();
  const mark = (await row.getByRole('img').getAttribute('aria-label')) ?? '';
  await row.click();
  await panel.getByRole('tablist', { name: 'Event stages' }).getByRole('tab', { name: 'Identity' }).click();
  const text = await panel.locator('#detail-tabpanel').innerText();
  return { mark, text, panel };
}

describe('identity verdict', () => {
  it('same person, matched by email', async () => {
    const { page, tabId, answer } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann-uid-7', { email: 'ann@example.com' }] });
    expect(identifyOf(answer).verdict).toMatchObject({ rule: 'email', pfUser: { username: 'ann', email: 'ann@example.com' }, samePersonAsPage: true });
    expect(answer.status.light).not.toBe('red');
    const screen = await identityOnScreen(tabId);
    expect(screen.mark).toBe('Identity: same person as the page');
    expect(screen.text).toContain('matched by email');
    expect(screen.text).toContain('Same person as the Product Fruits user on this page.');
    await screen.panel.close();
    await page.close();
  });

  it('same person, matched by username', async () => {
    const { page, tabId, answer } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', {}] });
    expect(identifyOf(answer).verdict).toMatchObject({ rule: 'username', pfUser: { username: 'ann' }, samePersonAsPage: true });
    const screen = await identityOnScreen(tabId);
    expect(screen.text).toContain('matched by username');
    await screen.panel.close();
    await page.close();
  });

  it('a new PF user: neither the email nor the userId is known to PF', async () => {
    const { page, tabId, answer } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['user-123', { email: 'ann.smith@example.org' }] });
    const verdict = identifyOf(answer).verdict!;
    expect(verdict).toMatchObject({ rule: 'new-user', pfUser: null, samePersonAsPage: false });
    expect(verdict.findings.map((f) => f.code)).toContain('would-create-new-user');
    expect(answer.status.light).toBe('red');
    const screen = await identityOnScreen(tabId);
    expect(screen.mark).toBe('Identity: wrong or unknown person');
    expect(screen.text).toContain('Product Fruits would create a new user');
    await screen.panel.close();
    const popup = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `popup.html?tabId=${tabId}`);
    await popup.getByText(answer.status.reason).waitFor();
    await popup.close();
    // The badge counts the tab's events and takes the light's colour (red: #cf222e).
    const worker = await suite.ext.serviceWorker();
    const badge = await worker.evaluate(async (tabId) => {
      const action = (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> } } }).chrome.action;
      return { text: await action.getBadgeText({ tabId }), color: await action.getBadgeBackgroundColor({ tabId }) };
    }, tabId);
    expect(badge.text).toBe(String(answer.document.events.length));
    expect(badge.color.slice(0, 3)).toEqual([0xcf, 0x22, 0x2e]);
    await page.close();
  });

  it('an email that differs only by case: PF falls back to the username, with a warning that says so', async () => {
    const { page, tabId, answer } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', { email: 'Ann@Example.com' }] });
    const verdict = identifyOf(answer).verdict!;
    expect(verdict.rule).toBe('username');
    const finding = verdict.findings.find((f) => f.code === 'email-case-mismatch')!;
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('Ann@Example.com');
    expect(verdict.assumptions).toContain('email compared case-sensitively');
    expect(answer.status.light).toBe('amber');
    const screen = await identityOnScreen(tabId);
    expect(screen.mark).toBe('Identity: check the warnings');
    expect(screen.text).toContain(finding.message);
    await screen.panel.close();
    await page.close();
  });

  it('the wrong user through an imported PF users list: the email belongs to another PF user, and rule 1 wins', async () => {
    const { page, tabId, answer } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', { email: 'shared@example.com' }] });
    // Without the list, PF's users are only the page's: the email is unknown and the username matches.
    expect(identifyOf(answer).verdict).toMatchObject({ rule: 'username', samePersonAsPage: true });

    const panel = await openExtensionPage(suite.ext.context, suite.ext.extensionId, `devtools-panel.html?tabId=${tabId}`);
    await panel.getByRole('listbox', { name: 'Events' }).getByRole('option').first().waitFor();
    await panel.getByRole('tab', { name: /^Identity/ }).first().click();
    await panel.getByLabel(/Import PF users/).setInputFiles({
      name: 'pf-users.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('\uFEFFEmail;Username\r\nshared@example.com;bob\r\nann@example.com;ann\r\n'),
    });
    await panel.getByText(/2 PF user\(s\) from/).waitFor();
    const wrongUser = panel.getByText(/rule 1 wins, so PF updates/).first();
    await wrongUser.waitFor();

    // The exported document carries the verdict the support engineer now sees.
    await panel.getByRole('tab', { name: 'Events' }).first().click();
    const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export' }).click()]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as SessionAnswer['document'];
    const verdict = exported.events.filter((e) => e.type === 'identify').at(-1)!.verdict!;
    expect(verdict).toMatchObject({ rule: 'email', pfUser: { username: 'bob', email: 'shared@example.com' }, samePersonAsPage: false });
    expect(verdict.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['email-and-userid-match-different-users']));
    const row = panel.getByRole('listbox', { name: 'Events' }).getByRole('option').filter({ hasText: 'identify' }).last();
    expect(await row.getByRole('img').getAttribute('aria-label')).toBe('Identity: wrong or unknown person');
    await panel.close();
    await page.close();
  });
});

