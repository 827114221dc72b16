/**
 * Makes the panel page's one store and connects it to the extension: the tab's live session,
 * the background's settings, the stored preferences and remembered secret, downloads.
 */
import { createPanelStore, type PanelStore, type ThemeName } from '@/components/panel/store';
import { followTab } from '@/components/useTabSession';
import { downloadSession } from '@/lib/extension-pages/downloadSession';
import { getSettings, setSettings } from '@/lib/extension-pages/sessionClient';
import { panelPrefsItem, rememberedSecret, webhookSecretItem } from '@/lib/extension-pages/storageItems';
import { browserMessenger } from '@/lib/extension-pages/browserMessenger';

export interface OpenPanel {
  store: PanelStore;
  /** stops following the tab */
  close(): void;
}

export async function openPanelStore(tabId: number | null, themeName: ThemeName): Promise<OpenPanel> {
  // Filters the user chose last time come back before the first render of the list.
  const [initialPrefs, secret] = await Promise.all([panelPrefsItem.getValue(), rememberedSecret()]);
  let refresh = async () => {};
  const store = createPanelStore({
    initialPrefs,
    rememberedSecret: typeof secret === 'string' ? secret : null,
    themeName,
    services: {
      clearSession: async () => {
        if (tabId === null) return;
        await browserMessenger.send({ type: 'session:clear', tabId });
        await refresh();
      },
      setPreserveLog: async (preserveLog) => (await setSettings(browserMessenger, { preserveLog })).preserveLog,
      download: downloadSession,
      savePrefs: (prefs) => void panelPrefsItem.setValue(prefs),
      saveSecret: (next) => void (next === null ? webhookSecretItem.removeValue() : webhookSecretItem.setValue(next)),
    },
  });
  void getSettings(browserMessenger).then((settings) => store.getState().setPreserveLogShown(settings.preserveLog));
  if (tabId === null) return { store, close: () => {} };
  const follower = followTab(browserMessenger, tabId, store.getState().setLive);
  refresh = follower.refresh;
  return { store, close: follower.stop };
}
