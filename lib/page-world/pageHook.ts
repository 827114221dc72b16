/**
 * The page-world hook, installed at document_start before any page script. Everything it does
 * inside the page's own calls is bookkeeping; the rest happens in the recorder's flush.
 */
import type { PageRecord } from '../shared/captureEnvelope';
import { createPageRecorder, envelopeJson, type PageRecorder } from './pageRecorder';
import { installNetworkHook } from './networkHook';
import { installPfHook } from './pfHook';
import { installSegmentHook } from './segmentHook';
import { readStoredIdentity } from './storageIdentity';
import { IDENTITY_METHODS } from '../shared/vocabulary';
import { installNativeLooks, PristineSet, PristineWeakSet } from './pristine';

/**
 * Windows this bundle hooked already. Kept here rather than as a flag on `window`, which the page
 * could see; the content script is evaluated once per document, so this bundle is the only one.
 */
const installed = new PristineWeakSet<object>();

function sameIdentity(a: PageRecord | null, b: PageRecord): boolean {
  return a !== null && envelopeJson(a) === envelopeJson(b);
}

export function installPageHook(win: Window & typeof globalThis): PageRecorder | null {
  if (installed.has(win)) return null;
  installed.add(win);

  let isTop = true;
  try {
    isTop = win.top === win;
  } catch {
    isTop = false;
  }
  installNativeLooks(win);
  const rec = createPageRecorder(win, isTop);
  // Registered now, before any page script, in the capture phase: our listener runs before the
  // page's and the library's, and from then on everything they send is posted at once.
  win.addEventListener('pagehide', () => rec.setPresence('unloading'), true);
  win.addEventListener('pageshow', () => rec.setPresence('present'), true);
  win.document.addEventListener('visibilitychange', () => rec.setPresence(win.document.visibilityState === 'hidden' ? 'hidden' : 'present'), true);
  const segment = installSegmentHook(win, rec);
  const pf = installPfHook(win, rec);
  installNetworkHook(win, rec);

  let lastIdentity: PageRecord | null = null;
  // Stored identity changes with identity calls only; it is read after the first calls and those.
  const IDENTITY_CALLS: ReadonlySet<string> = new PristineSet(IDENTITY_METHODS);
  let identityRead = false;
  rec.onFlush((records) => {
    let changes = false;
    let calls = false;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (r.kind === 'call') calls = true;
      if ((r.kind === 'call' && IDENTITY_CALLS.has(r.method)) || r.kind === 'replay') changes = true;
    }
    const first = !identityRead && calls;
    if (!changes && !first) return records;
    identityRead = true;
    const identity = readStoredIdentity(win);
    if (sameIdentity(lastIdentity, identity)) return records;
    lastIdentity = identity;
    records[records.length] = identity;
    return records;
  });

  const observer = new win.MutationObserver((mutations) => {
    for (let k = 0; k < mutations.length; k++) {
      const m = mutations[k]!;
      for (let i = 0; i < m.addedNodes.length; i++) {
        const node = m.addedNodes[i] as Element;
        if (node.nodeName !== 'SCRIPT') continue;
        try {
          segment.onScript(node);
          pf.onScript(node.getAttribute('src') ?? '');
        } catch {
          // an odd script element: nothing to learn from it
        }
      }
    }
  });
  observer.observe(win.document, { childList: true, subtree: true });

  return rec;
}
