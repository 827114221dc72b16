import { pollUntil, WAIT_MS } from './poll';

interface PageOfSession {
  document?: { page?: { url?: string } };
}

/**
 * The extension's tab id of the page now showing `url`, found the way the extension itself knows
 * it: the tab whose session document has that page URL. Without the `tabs` permission the
 * extension sees no tab URLs, and "the active tab" depends on window focus, which a busy machine
 * makes racy. Several open tabs on one URL: the newest (ids only grow).
 */
export function tabIdByUrl(
  tabIds: () => Promise<number[]>,
  session: (tabId: number) => Promise<PageOfSession | undefined>,
  url: string,
  timeoutMs = WAIT_MS,
): Promise<number> {
  return pollUntil(
    async () => {
      const matches: number[] = [];
      for (const id of await tabIds()) {
        if ((await session(id))?.document?.page?.url === url) matches.push(id);
      }
      return matches.length ? Math.max(...matches) : null;
    },
    timeoutMs,
    `a tab whose session is on ${url}`,
  );
}
