import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { PanelApp } from '@/components/panel/PanelApp';
import { createPanelStore, type PanelStore } from '@/components/panel/store';
import { getSettings, setSettings } from '@/lib/extension/sessionClient';
import type { Settings } from '@/lib/protocol';
import { browserMessenger } from './browserMessenger';
import { useTabSession } from './useTabSession';

/**
 * The panel page: inside DevTools it follows the inspected tab; opened as a tab
 * (`devtools-panel.html?tabId=N`, the popup's "open full view") it follows tab N.
 */
function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return browser.devtools?.inspectedWindow?.tabId ?? null;
}

function themeName(): 'default' | 'dark' {
  const name = browser.devtools?.panels?.themeName;
  if (name === 'dark') return 'dark';
  if (name) return 'default';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

const PREFS_KEY = 'panelPrefs';

export function PanelPage() {
  const [tabId] = useState(inspectedTabId);
  const { answer, error, refresh } = useTabSession(browserMessenger, tabId);
  const [settings, setLocalSettings] = useState<Settings | null>(null);
  const [store, setStore] = useState<PanelStore | null>(null);

  useEffect(() => {
    void getSettings(browserMessenger).then(setLocalSettings);
    // Filters the user chose last time come back before the first render of the list.
    void browser.storage.local.get(PREFS_KEY).then((stored) =>
      setStore(createPanelStore({ initialPrefs: stored[PREFS_KEY], persist: (prefs) => void browser.storage.local.set({ [PREFS_KEY]: prefs }) })),
    );
  }, []);

  if (tabId === null) return <p className="panel-message">No tab to inspect. Open this panel from DevTools or from the popup.</p>;
  if (error) return <p className="panel-message">Could not read this tab's session: {error}</p>;
  if (!answer || !store) return <p className="panel-message">Loading…</p>;

  return (
    <PanelApp
      session={answer.document}
      store={store}
      themeName={themeName()}
      preserveLog={settings?.preserveLog ?? true}
      onPreserveLogChange={(preserveLog) => void setSettings(browserMessenger, { preserveLog }).then(setLocalSettings)}
      onClear={() => void browserMessenger.send({ type: 'session:clear', tabId }).then(refresh)}
    />
  );
}
