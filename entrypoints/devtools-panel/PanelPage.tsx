import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { PanelApp } from '@/components/panel/PanelApp';
import { PanelStoreContext, usePanelStore, type PanelStore, type ThemeName } from '@/components/panel/store';
import type { OpenPanel } from './openPanelStore';

/**
 * The panel page: inside DevTools it follows the inspected tab; opened as a tab
 * (`devtools-panel.html?tabId=N`, the popup's "open full view") it follows tab N.
 */
export function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return browser.devtools?.inspectedWindow?.tabId ?? null;
}

/** DevTools' own theme wins; outside DevTools (a tab) `?theme=dark|default`, else the system setting. */
export function themeName(): ThemeName {
  const name = browser.devtools?.panels?.themeName;
  if (name) return name === 'dark' ? 'dark' : 'default';
  const fromQuery = new URLSearchParams(location.search).get('theme');
  if (fromQuery === 'dark' || fromQuery === 'default') return fromQuery;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

/** `opening` is the page's one store, opened before React mounts so the first rows are already asked for. */
export function PanelPage({ tabId, opening }: { tabId: number | null; opening: Promise<OpenPanel> }) {
  const [store, setStore] = useState<PanelStore | null>(null);

  useEffect(() => {
    let close: (() => void) | null = null;
    let unmounted = false;
    void opening.then((opened) => {
      if (unmounted) return opened.close();
      close = opened.close;
      setStore(opened.store);
    });
    return () => {
      unmounted = true;
      close?.();
    };
  }, [opening]);

  if (!store) return <p className="panel-message">Loading…</p>;
  return (
    <PanelStoreContext.Provider value={store}>
      <PanelOrMessage store={store} tabId={tabId} />
    </PanelStoreContext.Provider>
  );
}

/** An imported file is shown even without a tab; the live capture needs the tab's answer. */
function PanelOrMessage({ store, tabId }: { store: PanelStore; tabId: number | null }) {
  const imported = usePanelStore((s) => s.imported !== null);
  const { answer, rows, error } = usePanelStore((s) => s.live);
  if (!imported) {
    if (tabId === null) return <p className="panel-message">No tab to inspect. Open this panel from DevTools or from the popup.</p>;
    if (error) return <p className="panel-message">Could not read this tab's session: {error}</p>;
    if (!answer && !rows) return <p className="panel-message">Loading…</p>;
  }
  return <PanelApp store={store} identityView />;
}
