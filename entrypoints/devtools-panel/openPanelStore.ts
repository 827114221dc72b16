/**
 * Makes the panel page's one store and connects it to the extension: the tab's live session,
 * the background's settings, the stored preferences and remembered secret, downloads.
 */
import { createPanelStore, selectNeedsDocument, type PanelStore, type ThemeName } from '@/components/panel/store';
import { followTab, followTabRowsLive, type TabFollower, type TabRowsState } from '@/components/useTabSession';
import { downloadSession } from '@/lib/extension-pages/downloadSession';
import { followTabSession, getEvent, getSettings, searchTab, setSettings } from '@/lib/extension-pages/sessionClient';
import { panelPrefsItem, rememberedSecret, webhookSecretItem } from '@/lib/extension-pages/storageItems';
import { browserMessenger } from '@/lib/extension-pages/browserMessenger';

export interface OpenPanel {
  store: PanelStore;
  /** stops following the tab */
  close(): void;
}

export async function openPanelStore(tabId: number | null, themeName: ThemeName): Promise<OpenPanel> {
  // The list's first rows are asked for at once, while the stored preferences are read.
  let early: TabRowsState | null = null;
  let reportRows: (state: TabRowsState) => void = (state) => {
    early = state;
  };
  const rows = tabId === null ? null : followTabRowsLive(browserMessenger, tabId, (state) => reportRows(state));
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
      fetchSession: async () => (tabId === null ? null : followTabSession(browserMessenger, tabId, `export:${Date.now()}`, null)),
      searchLive: async (text) => (tabId === null ? null : searchTab(browserMessenger, tabId, text)),
      liveEvent: async (id) => (tabId === null ? { event: null, linked: null } : getEvent(browserMessenger, tabId, id)),
      savePrefs: (prefs) => void panelPrefsItem.setValue(prefs),
      saveSecret: (next) => void (next === null ? webhookSecretItem.removeValue() : webhookSecretItem.setValue(next)),
    },
  });
  void getSettings(browserMessenger).then((settings) => store.getState().setPreserveLogShown(settings.preserveLog));
  if (tabId === null || rows === null) return { store, close: () => {} };
  reportRows = store.getState().setLiveRows;
  if (early) reportRows(early);
  // The whole document only while a view needs every event in full; dropped again after.
  let documentFollower: TabFollower | null = null;
  const followDocument = (needed: boolean) => {
    if (needed && !documentFollower) documentFollower = followTab(browserMessenger, tabId, store.getState().setLive);
    if (!needed && documentFollower) {
      documentFollower.stop();
      documentFollower = null;
      store.getState().setLive({ answer: null, error: null });
    }
  };
  followDocument(selectNeedsDocument(store.getState()));
  const unsubscribe = store.subscribe((state) => followDocument(selectNeedsDocument(state)));
  refresh = async () => {
    await Promise.all([rows.refresh(), documentFollower?.refresh()]);
  };
  return {
    store,
    close: () => {
      unsubscribe();
      rows.stop();
      documentFollower?.stop();
    },
  };
}
