import { describe, expect, it } from 'vitest';
import { canRunOn } from './pageAccess';

describe('canRunOn', () => {
  it('runs on web pages and local files', () => {
    expect(canRunOn('https://app.example.com/settings')).toBe(true);
    expect(canRunOn('http://127.0.0.1:8080/')).toBe(true);
    expect(canRunOn('file:///tmp/page.html')).toBe(true);
  });

  it('cannot run on browser pages, the stores, or a URL it may not read', () => {
    for (const url of ['chrome://extensions/', 'about:debugging', 'chrome-extension://abc/popup.html', 'https://chromewebstore.google.com/detail/x', 'https://chrome.google.com/webstore/category', 'https://addons.mozilla.org/en-US/firefox/', null, '']) {
      expect(canRunOn(url)).toBe(false);
    }
  });
});
