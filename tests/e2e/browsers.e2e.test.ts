/**
 * The end-to-end scenarios that run in both browsers, through one driver interface
 * (tests/e2e/drivers/): Chromium (playwright-core) and firefox-esr (WebDriver BiDi). Capture paths,
 * delivery statuses, Product Fruits, the five identity verdicts in the session and in the panel's
 * Identity tab, the panel's list (before and after it opened), the popup, the badge, export and
 * import, the background suspended and woken mid-session, frames and a CSP page. Deeper UI checks
 * that need Playwright locators stay in the Chromium-only files (README "Which browser runs what").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs module without type declarations
import { startFixtureServer as startFixtureServerUntyped } from '../fixtures/server.mjs';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { startCspServer } from './cspServer';
import { drivers, pollUntil, WAIT_MS, type BrowserDriver, type DriverPage } from './drivers';
import type { SessionAnswer } from './session';

interface FixtureServer {
  origin: string;
  port: number;
  setBehaviour(fn?: (r: { path: string; body: { event?: string } }) => 'ok' | 'fail500' | 'hang' | 'destroy'): void;
  close(): Promise<void>;
}
const startFixtureServer = startFixtureServerUntyped as () => Promise<FixtureServer>;

const segment = (d: SessionDocument) => d.events.filter((e) => e.source === 'segment');
const named = (d: SessionDocument, name: string) => d.events.filter((e) => e.name === name);
const fixtureDone = () => (window as unknown as { __fixtureDone?: boolean }).__fixtureDone === true;


describe.each(drivers)('in $name', ({ make }) => {
  let server: FixtureServer;
  let browser: BrowserDriver;

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = make();
    await browser.launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const session = async (tabId: number) => (await browser.sendMessage({ type: 'session:get', tabId })).document;
  const sessionUntil = (tabId: number, ready: (d: SessionDocument) => boolean, timeoutMs = WAIT_MS) =>
    pollUntil(async () => {
      const d = await session(tabId);
      return ready(d) ? d : null;
    }, timeoutMs, `session of tab ${tabId} ready`);

  /** A fixture page on a first visit (no stored user, no queue an earlier page left), loaded. */
  async function fixture(pathAndQuery: string): Promise<{ page: DriverPage; tabId: number }> {
    await browser.clearSiteData(server.origin);
    const page = await browser.openPage(`${server.origin}/${pathAndQuery}`);
    await page.waitFor(fixtureDone);
    return { page, tabId: await browser.tabIdOf(page) };
  }

  it('capture: the snippet queue is recorded once, in order, joined to what was built and delivered', async () => {
    const { page, tabId } = await fixture('snippet-standalone.html');
    const doc = await sessionUntil(tabId, (d) => segment(d).length >= 4 && segment(d).every((e) => e.delivery?.status === 'delivered'));
    expect(segment(doc).map((e) => [e.type, e.name, e.via, e.replayed ?? false])).toEqual([
      ['identify', null, 'stub', true],
      ['page', null, 'stub', true],
      ['track', 'Queued Before Load', 'stub', true],
      ['track', 'After Load', 'instance', false],
    ]);
    for (const e of segment(doc)) {
      expect((e.sent as { messageId: string }).messageId).toBe((e.built as { messageId: string }).messageId);
      expect(e.delivery).toMatchObject({ status: 'delivered', httpStatus: 200 });
    }
    expect(doc.segment).toMatchObject({ detected: true, library: 'analytics-next', globalName: 'analytics', onWindow: true, writeKey: 'k' });
    // an ordinary capture has nothing refused (the background's console says which check refused what)
    expect(doc.capture?.rejected ?? 0).toBe(0);
    await page.close();
  });

  it('capture: AnalyticsBrowser.load with no window.analytics, through the instance', async () => {
    const { page, tabId } = await fixture('npm-only.html?auto=1');
    const types = ['identify', 'track', 'page', 'group', 'alias'];
    const doc = await sessionUntil(tabId, (d) => types.every((t) => segment(d).some((e) => e.type === t && e.delivery?.status === 'delivered')));
    expect(doc.segment).toMatchObject({ detected: true, onWindow: false, globalName: null });
    expect(segment(doc).every((e) => e.via === 'instance')).toBe(true);
    expect(doc.diagnostics.map((d) => d.code)).toContain('analytics-not-on-window');
    await page.close();
  });

  it('delivery statuses: answered 500 is failed, never answered is blocked', async () => {
    server.setBehaviour(({ body }) => (body?.event === 'Will Fail' ? 'fail500' : body?.event === 'Will Block' ? 'destroy' : 'ok'));
    try {
      const { page, tabId } = await fixture('npm-only.html');
      await page.evaluate(() => {
        const f = (window as unknown as { fixture: { track(n: string, p?: object): unknown } }).fixture;
        void f.track('Will Fail', {});
        void f.track('Will Block', {});
        void f.track('Will Pass', {});
      });
      const status = (d: SessionDocument, n: string) => named(d, n)[0]?.delivery?.status;
      const doc = await sessionUntil(tabId, (d) => status(d, 'Will Fail') === 'failed' && status(d, 'Will Block') === 'blocked' && status(d, 'Will Pass') === 'delivered');
      expect(named(doc, 'Will Fail')[0]!.delivery).toMatchObject({ status: 'failed', httpStatus: 500 });
      expect(named(doc, 'Will Block')[0]!.delivery).toMatchObject({ status: 'blocked', httpStatus: null });
      await page.close();
    } finally {
      server.setBehaviour();
    }
  });

  it('the built events of an envelope refer to one copy of their page context (Firefox\'s analytics-next sets userAgentData undefined)', async () => {
    const { page, tabId } = await fixture('npm-only.html');
    await page.evaluate(() => {
      const w = window as unknown as { __envelopes: string[]; fixture: { track(n: string, p?: object): unknown } };
      w.__envelopes = [];
      window.addEventListener('__segment_pf_companion__', (e) => void w.__envelopes.push((e as CustomEvent<string>).detail));
      for (let i = 0; i < 5; i++) void w.fixture.track(`Context ${i}`, { i });
    });
    const names = [0, 1, 2, 3, 4].map((i) => `Context ${i}`);
    const doc = await sessionUntil(tabId, (d) => names.every((n) => named(d, n)[0]?.built != null));
    const envelopes = (await page.evaluate(() => (window as unknown as { __envelopes: string[] }).__envelopes)).map((t) => JSON.parse(t) as { contexts?: unknown[]; records: unknown[] });
    const withBuilt = envelopes.filter((e) => e.records.some((r) => Array.isArray(r) ? r[0] === 1 : (r as { kind: string }).kind.startsWith('built')));
    expect(withBuilt.length).toBeGreaterThan(0);
    for (const e of withBuilt) expect(e.contexts?.length ?? 0).toBeLessThanOrEqual(1);
    for (const n of names) expect((named(doc, n)[0]!.built as { context: { library: unknown } }).context.library).toMatchObject({ name: 'analytics.js' });
    await page.close();
  });

  it('a page that replaced builtins and DOM accessors after document_start: the hook calls none of them, and captures as ever', async () => {
    await browser.clearSiteData(server.origin);
    // real-common.js (?builtins=1) counts the calls whose caller is an extension script
    const page = await browser.openPage(`${server.origin}/real-snippet.html?v=5&key=k-builtins&builtins=1`);
    await page.waitFor(() => (window as unknown as { __real?: { done: boolean } }).__real?.done === true);
    const tabId = await browser.tabIdOf(page);
    const doc = await sessionUntil(tabId, (d) => segment(d).length >= 5 && segment(d).every((e) => e.delivery?.status === 'delivered'));
    expect(segment(doc).map((e) => [e.type, e.name, e.via])).toEqual([
      ['identify', null, 'stub'],
      ['page', null, 'stub'],
      ['track', 'Queued Before Load', 'stub'],
      ['track', 'After Load', 'instance'],
      ['identify', null, 'instance'],
    ]);
    const counts = await page.evaluate(() => (window as unknown as { __realCounts: Record<string, number> }).__realCounts);
    expect(Object.keys(counts).length).toBeGreaterThan(30);
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
    await page.close();
  });

  it('Product Fruits: the user from the snippet and PF events beside the Segment calls', async () => {
    const { page, tabId } = await fixture('pf-v2.html');
    await page.evaluate(() => (window as unknown as { app: { finishTour(id: number): void } }).app.finishTour(1));
    const doc = await sessionUntil(tabId, (d) => d.events.some((e) => e.source === 'productfruits') && named(d, 'Tour Finished').length > 0);
    expect(doc.productFruits).toMatchObject({ detected: true, workspaceCode: 'ws-fixture' });
    expect(doc.productFruits.user).toMatchObject({ username: 'ann' });
    expect(doc.events.filter((e) => e.source === 'productfruits').map((e) => e.type)).toContain('tour-finished');
    await page.close();
  });

  it('the background suspended twice mid-session loses nothing and counts nothing twice', async () => {
    const { page, tabId } = await fixture('npm-only.html');
    const fire = (from: number) =>
      page.evaluate((from: number) => {
        const f = (window as unknown as { fixture: { track(n: string, p?: object): unknown } }).fixture;
        for (let i = from; i < from + 50; i++) void f.track(`Burst ${i}`, { i });
      }, from);
    const bursts = (d: SessionDocument) => segment(d).filter((e) => e.name?.startsWith('Burst '));
    await fire(0);
    await browser.suspendBackground();
    await fire(50);
    await browser.suspendBackground();
    await fire(100);
    // Every delivery too, so no undelivered event is left in localStorage for a later page.
    const doc = await sessionUntil(tabId, (d) => bursts(d).length >= 150 && bursts(d).every((e) => e.delivery?.status === 'delivered'), 120_000);
    expect(bursts(doc)).toHaveLength(150);
    expect(new Set(bursts(doc).map((e) => e.name)).size).toBe(150);
    await page.close();
  });

  it('frames from the same and another origin are captured with their frame URL', async () => {
    const other = `http://localhost:${server.port}`;
    const top = `${server.origin}/hard-frames.html?other=${encodeURIComponent(other)}`;
    await browser.clearSiteData(server.origin);
    const page = await browser.openPage(top);
    await page.waitFor(fixtureDone);
    const tabId = await browser.tabIdOf(page);
    const prefixed = (d: SessionDocument, p: string) => d.events.filter((e) => e.name?.startsWith(`${p} `));
    const doc = await sessionUntil(tabId, (d) => prefixed(d, 'SameOrigin').length === 2 && prefixed(d, 'CrossOrigin').length === 3 && named(d, 'Top Event').length === 1);
    expect(new Set(prefixed(doc, 'SameOrigin').map((e) => e.frameUrl))).toEqual(new Set([`${server.origin}/hard-burst.html?n=2&prefix=SameOrigin`]));
    expect(new Set(prefixed(doc, 'CrossOrigin').map((e) => e.frameUrl))).toEqual(new Set([`${other}/hard-burst.html?n=3&prefix=CrossOrigin`]));
    expect(named(doc, 'Top Event')[0]!.frameUrl ?? null).toBeNull();
    await page.close();
  });

  it('a page whose CSP forbids inline scripts still has its calls captured', async () => {
    const csp = await startCspServer();
    try {
      const page = await browser.openPage(`http://127.0.0.1:${csp.port}/hard-csp.html?api=127.0.0.1:${server.port}`);
      await page.waitFor(fixtureDone);
      expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? null)).toBeNull();
      const tabId = await browser.tabIdOf(page);
      const doc = await sessionUntil(tabId, (d) => d.events.some((e) => e.name === 'CSP Track' && e.delivery?.status === 'delivered'));
      expect(doc.events.find((e) => e.name === 'CSP Track')).toMatchObject({ via: 'instance', delivery: { status: 'delivered', httpStatus: 200 } });
      expect(doc.segment).toMatchObject({ detected: true, library: 'analytics-next', writeKey: 'wk-csp' });
      await page.close();
    } finally {
      await csp.close();
    }
  });

  it('the panel lists the events captured before it opened, then live ones; the popup and badge agree', async () => {
    const { page, tabId } = await fixture('snippet-standalone.html');
    const doc = await sessionUntil(tabId, (d) => named(d, 'After Load').length === 1);
    const panel = await browser.openExtensionPage(`devtools-panel.html?tabId=${tabId}`);
    const rows = () => [...document.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]')].map((r) => r.textContent ?? '');
    const listed = await panel.waitFor(() => {
      const r = [...document.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]')].map((x) => x.textContent ?? '');
      return r.some((t) => t.includes('After Load')) ? r : null;
    });
    expect(listed).toHaveLength(4);
    expect(listed.some((t) => t.includes('Queued Before Load'))).toBe(true);
    await page.evaluate(() => (window as unknown as { analytics: { track(n: string): void } }).analytics.track('Live After Panel Opened'));
    await panel.waitFor(() => [...document.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]')].some((r) => r.textContent?.includes('Live After Panel Opened')));
    expect(await panel.evaluate(rows)).toHaveLength(5);
    await panel.close();

    const answer = await browser.sendMessage({ type: 'session:get', tabId });
    const popup = await browser.openExtensionPage(`popup.html?tabId=${tabId}`);
    await popup.waitFor((reason: string) => document.body.innerText.includes(reason), answer.status.reason);
    await popup.close();
    const badge = await browser.badge(tabId);
    expect(Number(badge.text)).toBeGreaterThanOrEqual(doc.events.length);
    await page.close();
  });

  describe('identity verdicts, in the session and in the panel', () => {
    interface Case {
      pfUser: { username: string; email?: string };
      identify: [userId: string, traits: Record<string, unknown>];
    }
    async function runCase({ pfUser, identify }: Case): Promise<{ page: DriverPage; tabId: number; answer: SessionAnswer; verdict: NonNullable<SessionEvent['verdict']> }> {
      const { page, tabId } = await fixture('pf-v2.html?login=0');
      await page.evaluate(({ pfUser, identify }: Case) => {
        const w = window as unknown as { $productFruits: unknown[][]; app: { segmentCall(...a: unknown[]): Promise<unknown> } };
        w.$productFruits.push(['init', 'ws-fixture', 'en', pfUser]);
        return w.app.segmentCall('identify', ...identify).then(() => true);
      }, { pfUser, identify });
      await sessionUntil(tabId, (d) => d.events.some((e) => e.type === 'identify' && e.verdict && e.delivery?.status === 'delivered'));
      const answer = await browser.sendMessage({ type: 'session:get', tabId });
      const verdict = answer.document.events.filter((e) => e.type === 'identify').at(-1)!.verdict!;
      return { page, tabId, answer, verdict };
    }

    /** The identify's verdict mark in the panel's list, and the text of its Identity tab. */
    async function identityOnScreen(tabId: number): Promise<{ mark: string; text: string; panel: DriverPage }> {
      const panel = await browser.openExtensionPage(`devtools-panel.html?tabId=${tabId}`);
      const mark = await panel.waitFor(() => {
        const row = [...document.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]')].filter((r) => r.textContent?.includes('identify')).at(-1);
        if (!row) return null;
        (row as HTMLElement).click();
        return row.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '';
      });
      const text = await panel.waitFor(() => {
        const tab = [...document.querySelectorAll('[role="tablist"][aria-label="Event stages"] [role="tab"]')].find((t) => t.textContent?.trim() === 'Identity');
        if (!tab) return null;
        if (tab.getAttribute('aria-selected') !== 'true') {
          (tab as HTMLElement).click();
          return null;
        }
        const body = (document.querySelector('#detail-tabpanel') as HTMLElement | null)?.innerText ?? '';
        return body.trim() ? body : null;
      });
      return { mark, text, panel };
    }

    it('same person, matched by email', async () => {
      const { page, tabId, answer, verdict } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann-uid-7', { email: 'ann@example.com' }] });
      expect(verdict).toMatchObject({ rule: 'email', pfUser: { username: 'ann', email: 'ann@example.com' }, samePersonAsPage: true });
      expect(answer.status.light).not.toBe('red');
      const screen = await identityOnScreen(tabId);
      expect(screen.mark).toBe('Identity: same person as the page');
      expect(screen.text).toContain('matched by email');
      await screen.panel.close();
      await page.close();
    });

    it('same person, matched by username', async () => {
      const { page, tabId, verdict } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', {}] });
      expect(verdict).toMatchObject({ rule: 'username', pfUser: { username: 'ann' }, samePersonAsPage: true });
      const screen = await identityOnScreen(tabId);
      expect(screen.text).toContain('matched by username');
      await screen.panel.close();
      await page.close();
    });

    it('a new PF user: the popup says why and the badge turns red', async () => {
      const { page, tabId, answer, verdict } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['user-123', { email: 'ann.smith@example.org' }] });
      expect(verdict).toMatchObject({ rule: 'new-user', pfUser: null, samePersonAsPage: false });
      expect(answer.status.light).toBe('red');
      const screen = await identityOnScreen(tabId);
      expect(screen.mark).toBe('Identity: wrong or unknown person');
      expect(screen.text).toContain('Product Fruits would create a new user');
      await screen.panel.close();
      const popup = await browser.openExtensionPage(`popup.html?tabId=${tabId}`);
      await popup.waitFor((reason: string) => document.body.innerText.includes(reason), answer.status.reason);
      await popup.close();
      const badge = await pollUntil(async () => {
        const b = await browser.badge(tabId);
        return b.text === String(answer.document.events.length) ? b : null;
      }, WAIT_MS, 'badge counts the events');
      expect(badge.color.slice(0, 3)).toEqual([0xcf, 0x22, 0x2e]);
      await page.close();
    });

    it('an email differing only by case: username rule, with a warning', async () => {
      const { page, tabId, answer, verdict } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', { email: 'Ann@Example.com' }] });
      expect(verdict.rule).toBe('username');
      const finding = verdict.findings.find((f) => f.code === 'email-case-mismatch')!;
      expect(finding.severity).toBe('warning');
      expect(answer.status.light).toBe('amber');
      const screen = await identityOnScreen(tabId);
      expect(screen.mark).toBe('Identity: check the warnings');
      expect(screen.text).toContain(finding.message);
      await screen.panel.close();
      await page.close();
    });

    it('the wrong user through an imported PF users list; export carries it and import reopens it', async () => {
      const { page, tabId, verdict } = await runCase({ pfUser: { username: 'ann', email: 'ann@example.com' }, identify: ['ann', { email: 'shared@example.com' }] });
      expect(verdict).toMatchObject({ rule: 'username', samePersonAsPage: true });
      const panel = await browser.openExtensionPage(`devtools-panel.html?tabId=${tabId}`);
      await panel.waitFor(() => {
        const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => /^Identity/.test(t.textContent ?? ''));
        (tab as HTMLElement | undefined)?.click();
        return !!document.querySelector('.users-import__picker input[type="file"]');
      });
      await panel.setInputFile('.users-import__picker input[type="file"]', { name: 'pf-users.csv', mimeType: 'text/csv', text: '\uFEFFEmail;Username\r\nshared@example.com;bob\r\nann@example.com;ann\r\n' });
      await panel.waitFor(() => /rule 1 wins, so PF updates/.test(document.body.innerText));

      await panel.waitFor(() => {
        const tab = [...document.querySelectorAll('[role="tab"]')].find((t) => (t.textContent ?? '').trim() === 'Events');
        (tab as HTMLElement | undefined)?.click();
        return !!document.querySelector('[role="listbox"][aria-label="Events"]');
      });
      const exported = JSON.parse(
        await browser.nextDownload(() =>
          panel.evaluate(() => {
            [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Export')!.click();
          }),
        ),
      ) as SessionDocument;
      const judged = exported.events.filter((e) => e.type === 'identify').at(-1)!.verdict!;
      expect(judged).toMatchObject({ rule: 'email', pfUser: { username: 'bob', email: 'shared@example.com' }, samePersonAsPage: false });
      await panel.close();

      // The exported file opens read-only in a panel, with the same events.
      const viewer = await browser.openExtensionPage(`devtools-panel.html?tabId=${tabId}`);
      await viewer.waitFor(() => !!document.querySelector('input[aria-label="Import session file"]'));
      await viewer.setInputFile('input[aria-label="Import session file"]', { name: 'ticket.json', mimeType: 'application/json', text: JSON.stringify(exported) });
      await viewer.waitFor(() => /Imported ticket\.json \(session\) — read-only/.test(document.body.innerText));
      const rows = await viewer.waitFor(() => document.querySelectorAll('[role="listbox"][aria-label="Events"] [role="option"]').length);
      expect(rows).toBe(exported.events.length);
      await viewer.close();
      await page.close();
    });
  });
});
