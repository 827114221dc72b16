/**
 * Issue 3 end to end: Product Fruits (the fake of its page API in tests/fixtures/pf-fake) with the
 * real analytics-next, in real Chromium with the built extension.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForFixture } from './harness';
import { extensionSuite, type SessionAnswer } from './session';

type App = { login(): Promise<unknown>; logout(): Promise<unknown>; finishTour(id: number): void; completeChecklistItem(id: number, internalId: string): void };

const suite = extensionSuite();

async function open(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await suite.ext.context.newPage();
  await page.goto(`${suite.server.origin}/${path}`);
  await waitForFixture(page);
  return { page, tabId: await suite.sessions.tabId(page) };
}
const app = (page: Page, fn: (app: App) => unknown) => page.evaluate(`(${fn.toString()})(window.app)`);
const pfEvents = (a: SessionAnswer) => a.document.events.filter((e) => e.source === 'productfruits');
const codes = (a: SessionAnswer) => a.document.diagnostics.map((d) => d.code);

describe('Product Fruits on the page', () => {
  it('v2 snippet: workspace, language, readiness and the user, captured before and after a login', async () => {
    const { page, tabId } = await open('pf-v2.html?login=0');
    let answer = await suite.sessions.until(tabId, (a) => a.document.productFruits.detected);
    expect(answer.document.productFruits.user).toBeNull();
    await app(page, (a) => a.login());
    answer = await suite.sessions.until(tabId, (a) => a.document.productFruits.ready && a.document.productFruits.user !== null);
    expect(answer.document.productFruits).toMatchObject({ snippet: 'v2', workspaceCode: 'ws-fixture', language: 'en', ready: true });
    expect(answer.document.productFruits.user).toMatchObject({ username: 'ann', email: 'ann@example.com', firstname: 'Ann' });
    await app(page, (a) => a.logout());
    answer = await suite.sessions.until(tabId, (a) => !a.document.productFruits.ready);
    await app(page, (a) => a.login());
    answer = await suite.sessions.until(tabId, (a) => a.document.productFruits.ready && (a.document.productFruits.userTimeline?.length ?? 0) >= 2);
    expect(answer.document.productFruits.userTimeline!.map((c) => [c.via, (c.user as { username?: string } | null)?.username])).toEqual([
      ['init', 'ann'],
      ['init', 'ann'],
    ]);
    // Subscriptions were renewed after destroy + init, once: one finished tour is one PF event per channel.
    await app(page, (a) => a.finishTour(7));
    answer = await suite.sessions.until(tabId, (a) => pfEvents(a).some((e) => e.type === 'tour-finished'));
    // A later tour is the marker: a second copy of tour 7 would have come in before it.
    await app(page, (a) => a.finishTour(8));
    answer = await suite.sessions.until(tabId, (a) => pfEvents(a).some((e) => e.type === 'tour-finished' && e.name === '8'));
    expect(pfEvents(answer).filter((e) => e.type === 'tour-finished' && e.name === '7')).toHaveLength(1);
    await page.close();
  });

  it('a finished tour is a PF event joined to the Segment track PF made for it, both ways', async () => {
    const { page, tabId } = await open('pf-v2.html');
    await app(page, (a) => a.finishTour(1));
    await app(page, (a) => a.completeChecklistItem(10, 'connect-segment'));
    const answer = await suite.sessions.until(tabId, (a) => {
      const tour = pfEvents(a).find((e) => e.type === 'tour-finished');
      return !!tour?.pfLink && a.document.events.some((e) => e.name === 'Checklist Item Launched' && e.pfLink);
    });
    const tour = pfEvents(answer).find((e) => e.type === 'tour-finished')!;
    expect(tour).toMatchObject({ pfModule: 'tours', via: 'productfruits', name: '1' });
    const track = answer.document.events.find((e) => e.id === tour.pfLink!.eventId)!;
    expect(track).toMatchObject({ source: 'segment', type: 'track', name: 'Tour Finished' });
    expect(track.pfLink?.by).toBe('name');
    expect(answer.document.events.find((e) => e.id === track.pfLink!.eventId)!.source).toBe('productfruits');
    expect(pfEvents(answer).some((e) => e.pfModule === 'analytics' && e.type === 'tour_finished')).toBe(true);
    expect(codes(answer)).not.toContain('pf-events-not-reaching-segment');
    await page.close();
  });

  it('legacy snippet: productFruitsUser, ?c= workspace code, then identifyUser', async () => {
    const { page, tabId } = await open('pf-legacy.html');
    let answer = await suite.sessions.until(tabId, (a) => a.document.productFruits.ready && a.document.productFruits.workspaceCode !== null);
    expect(answer.document.productFruits).toMatchObject({ snippet: 'legacy', workspaceCode: 'ws-legacy', language: 'en' });
    expect(answer.document.productFruits.user).toMatchObject({ username: 'ann' });
    await page.evaluate(() => (window as unknown as { productFruits: { identifyUser(u: object): void } }).productFruits.identifyUser({ username: 'ann-2', email: 'ann2@example.com' }));
    answer = await suite.sessions.until(tabId, (a) => (a.document.productFruits.user as { username?: string } | null)?.username === 'ann-2');
    expect(answer.document.productFruits.userTimeline!.map((c) => c.via)).toEqual(['productFruitsUser', 'identifyUser']);
    await page.close();
  });

  it('npm-only Segment next to PF: analytics-not-on-window, and PF events go nowhere', async () => {
    const { page, tabId } = await open('pf-v2.html?segment=npm');
    await app(page, (a) => a.finishTour(2));
    const answer = await suite.sessions.until(tabId, (a) => codes(a).includes('pf-events-not-reaching-segment'));
    const onWindow = answer.document.diagnostics.find((d) => d.code === 'analytics-not-on-window')!;
    expect(onWindow.severity).toBe('error');
    expect(answer.status.light).toBe('red');
    await page.close();
  });

  it('PF loaded before Segment, firing events while the snippet stub never loads: pf-events-not-reaching-segment names them', async () => {
    const { page, tabId } = await open('pf-v2.html?segment=stub');
    await app(page, (a) => a.finishTour(3));
    const answer = await suite.sessions.until(tabId, (a) => codes(a).includes('pf-events-not-reaching-segment'));
    const finding = answer.document.diagnostics.find((d) => d.code === 'pf-events-not-reaching-segment')!;
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain("'tour-finished'");
    expect(answer.document.segment.onWindow).toBe(false);
    expect(answer.status.light).toBe('red');
    await page.close();
  });
});
