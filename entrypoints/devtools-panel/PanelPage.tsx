import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useIdentityState } from '@/components/identity/useIdentityState';
import { downloadSession } from '@/lib/extension-pages/downloadSession';
import { ImportedBanner } from '@/components/panel/ImportedBanner';
import { JudgedPanel } from '@/components/panel/JudgedPanel';
import { createPanelStore, type PanelStore } from '@/components/panel/store';
import { useImportedSession } from '@/components/panel/useImportedSession';
import { getSettings, setSettings } from '@/lib/extension-pages/sessionClient';
import type { Settings } from '@/lib/shared/messages';
import { browserMessenger } from '../../lib/extension-pages/browserMessenger';
import { useTabSession } from '../../components/useTabSession';

/**
 * The panel page: inside DevTools it follows the inspected tab; opened as a tab
 * (`devtools-panel.html?tabId=N`, the popup's "open full view") it follows tab N.
 */
function inspectedTabId(): number | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  return browser.devtools?.inspectedWindow?.tabId ?? null;
}

/** DevTools' own theme wins; outside DevTools (a tab) `?theme=dark|default`, else the system setting. */
function themeName(): 'default' | 'dark' {
  const name = browser.devtools?.panels?.themeName;
  if (name) return name === 'dark' ? 'dark' : 'default';
  const fromQuery = new URLSearchParams(location.search).get('theme');
  if (fromQuery === 'dark' || fromQuery === 'default') return fromQuery;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

const PREFS_KEY = 'panelPrefs';
/** Only written when the user ticks "Remember secret on this computer". */
const SECRET_KEY = 'webhookSecret';

export function PanelPage() {
  const [tabId] = useState(inspectedTabId);
  const { answer, error, refresh } = useTabSession(browserMessenger, tabId);
  const [settings, setLocalSettings] = useState<Settings | null>(null);
  const [store, setStore] = useState<PanelStore | null>(null);
  const [rememberedSecret, setRememberedSecret] = useState<string | null>(null);
  const identityState = useIdentityState();
  const { imported, importError, importFile, backToLive } = useImportedSession();

  useEffect(() => {
    void getSettings(browserMessenger).then(setLocalSettings);
    // Filters the user chose last time come back before the first render of the list.
    void browser.storage.local.get([PREFS_KEY, SECRET_KEY]).then((stored) => {
      setStore(createPanelStore({ initialPrefs: stored[PREFS_KEY], persist: (prefs) => void browser.storage.local.set({ [PREFS_KEY]: prefs }) }));
      const secret = stored[SECRET_KEY];
      if (typeof secret === 'string') setRememberedSecret(secret);
    });
  }, []);

  const rememberSecret = (secret: string | null) => {
    setRememberedSecret(secret);
    void (secret === null ? browser.storage.local.remove(SECRET_KEY) : browser.storage.local.set({ [SECRET_KEY]: secret }));
  };

  if (!store) return <p className="panel-message">Loading…</p>;

  const shared = {
    identityState,
    themeName: themeName(),
    rememberedSecret,
    onRememberSecret: rememberSecret,
    onExport: downloadSession,
    onImport: (file: File) => void importFile(file),
    importError,
  };
  if (imported) {
    return (
      <JudgedPanel
        // A fresh store per file: selection and scroll position belong to the file shown.
        key={`${imported.fileName}:${imported.document.exportedAt}`}
        {...shared}
        session={imported.document}
        status={imported.status}
        readOnly
        banner={<ImportedBanner imported={imported} onBack={backToLive} />}
      />
    );
  }
  if (tabId === null) return <p className="panel-message">No tab to inspect. Open this panel from DevTools or from the popup.</p>;
  if (error) return <p className="panel-message">Could not read this tab's session: {error}</p>;
  if (!answer) return <p className="panel-message">Loading…</p>;
  return (
    <JudgedPanel
      {...shared}
      session={answer.document}
      status={answer.status}
      store={store}
      preserveLog={settings?.preserveLog ?? true}
      onPreserveLogChange={(preserveLog) => void setSettings(browserMessenger, { preserveLog }).then(setLocalSettings)}
      onClear={() => void browserMessenger.send({ type: 'session:clear', tabId }).then(refresh)}
    />
  );
}
