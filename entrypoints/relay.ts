import { createRelay } from '@/lib/content-script/relay';
import { PAGE_EVENT_NAME } from '@/lib/shared/pageChannel';
import type { ContentAnswers, ContentMessage, Send } from '@/lib/shared/messages';

/**
 * The isolated-world relay, in every frame at document_start (declared in the manifest by
 * wxt.config.ts). An unlisted script rather than a WXT content script, on purpose: it runs on the
 * page's main thread before any page script, and WXT's ContentScriptContext (built at start, with
 * its location watcher and stop-old-scripts message) and webextension-polyfill (whose API table is
 * evaluated at start) cost every page load about 2 ms there and tripled relay.js (measured, see
 * docs/benchmarks.md). It needs one API, runtime.sendMessage, which returns a promise in Chrome's
 * MV3 `chrome` and Firefox's `browser` alike; an orphaned relay (extension reloaded or removed)
 * sees `runtime.id` gone, as WXT's own check does.
 */
interface RuntimeApi {
  runtime?: { id?: string; sendMessage(message: unknown): Promise<unknown> };
}

export default defineUnlistedScript(() => {
  const api = (globalThis as { browser?: RuntimeApi }).browser ?? (globalThis as { chrome?: RuntimeApi }).chrome;
  const send = ((message: ContentMessage) => api!.runtime!.sendMessage(message)) as Send<ContentMessage, ContentAnswers>;
  const relay = createRelay({ send, isValid: () => api?.runtime?.id != null });
  window.addEventListener('pagehide', () => relay.leave(), { capture: true });
  window.addEventListener('pageshow', () => relay.stay(), { capture: true });
  document.addEventListener('visibilitychange', () => (document.visibilityState === 'hidden' ? relay.leave() : relay.stay()), { capture: true });
  window.addEventListener(PAGE_EVENT_NAME, (event) => void relay.receive(event.detail));
});
