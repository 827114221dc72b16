/**
 * Whether the extension's content scripts can run on a tab's page. Browser pages (chrome://,
 * about:, extension pages) and the extension stores are off limits to every extension; a tab whose
 * URL the extension may not read (null) is one of them, since every web page is in its matches.
 */
const STORE_HOSTS = new Set(['chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com']);

export function canRunOn(url: string | null): boolean {
  if (url === null || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol)) return false;
  if (STORE_HOSTS.has(parsed.hostname)) return false;
  return !(parsed.hostname === 'chrome.google.com' && parsed.pathname.startsWith('/webstore'));
}
