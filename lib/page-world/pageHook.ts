/**
 * The page-world hook, installed at document_start before any page script. Everything it does
 * inside the page's own calls is bookkeeping; the rest happens in the recorder's flush.
 */
import type { PageRecord } from '../shared/captureEnvelope';
import { createPageRecorder, envelopeJson, type PageRecorder } from './pageRecorder';
import { installNetworkHook } from './networkHook';
import { installPfHook } from './pfHook';
import { installSegmentHook } from './segmentHook';
import { storedIdentityReader } from './storageIdentity';
import { IDENTITY_METHODS } from '../shared/vocabulary';
import { apply, readerOf, installNativeLooks, isArray, methodOf, PristineSet, PristineWeakSet } from './pristine';

/**
 * Windows this bundle hooked already. Kept here rather than as a flag on `window`, which the page
 * could see; the content script is evaluated once per document, so this bundle is the only one.
 */
const installed = new PristineWeakSet<object>();

/** What a page whose analytics-next keeps its identity in memory only has in storage for it. */
const NOTHING_STORED: PageRecord = { kind: 'identity', userId: null, anonymousId: null, groupId: null, traits: null, source: 'none' };

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
  const visibility = readerOf(win.Document?.prototype, 'visibilityState');
  win.document.addEventListener('visibilitychange', () => rec.setPresence(visibility(win.document) === 'hidden' ? 'hidden' : 'present'), true);
  const segment = installSegmentHook(win, rec);
  const pf = installPfHook(win, rec);
  installNetworkHook(win, rec);

  const readStoredIdentity = storedIdentityReader(win);
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
    const stores = segment.storesIdentity();
    // a stub's calls: read once its library took over (its replays are changes)
    if (stores === null) return records;
    identityRead = true;
    const identity = stores ? readStoredIdentity() : NOTHING_STORED;
    if (sameIdentity(lastIdentity, identity)) return records;
    lastIdentity = identity;
    records[records.length] = identity;
    return records;
  });

  const addedNodes = readerOf(win.MutationRecord?.prototype, 'addedNodes');
  const listLength = readerOf(win.NodeList?.prototype, 'length');
  // as a script element inherits it (browsers define it on Node, some DOM implementations lower)
  const nodeName = readerOf(win.HTMLScriptElement?.prototype, 'nodeName');
  const getAttribute = methodOf(win.Element?.prototype, 'getAttribute')!;
  const observer = new win.MutationObserver((mutations) => {
    for (let k = 0; k < mutations.length; k++) {
      const added = addedNodes(mutations[k]!) as NodeList;
      // a NodeList in browsers, an array in some DOM implementations
      const count = (isArray(added) ? added.length : listLength(added)) as number;
      for (let i = 0; i < count; i++) {
        const node = added[i] as Element;
        if (nodeName(node) !== 'SCRIPT') continue;
        try {
          segment.onScript(node);
          const src = apply(getAttribute, node, ['src']);
          pf.onScript(typeof src === 'string' ? src : '');
        } catch {
          // an odd script element: nothing to learn from it
        }
      }
    }
  });
  observer.observe(win.document, { childList: true, subtree: true });

  return rec;
}
