/**
 * The panel's one store, created once per panel page. Its slices own the session shown (the live
 * capture, an imported file), the selection and view, the filters, the identity controls, the
 * preferences and the webhook settings; components read what they need through selectors.
 * Free of `browser` imports: the page injects `PanelServices` (background, storage, download),
 * so the store is tested anywhere.
 */
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { FollowedSession } from '../../lib/shared/follow';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { FollowedRows } from '../../lib/extension-pages/sessionClient';
import type { DeliveryStatus, EventSource } from '../../lib/shared/vocabulary';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import {
  EMPTY_FILTER,
  deserializeFilter,
  serializeFilter,
  type EventFilter,
} from '../../lib/extension-pages/panel/filter';
import type { TimeMode } from '../../lib/extension-pages/panel/time';
import { isDefaultAssumptions } from '../../lib/shared/identity/assumptions';
import type { PanelPrefs } from '../../lib/extension-pages/storageItems';
import { createIdentitySlice, judgedWith, type IdentityState, type JudgedSession } from '../identity/useIdentityState';
import { readSessionFile, type ImportedSessionFile } from './importedSession';

export type DetailTab = 'called' | 'built' | 'sent' | 'delivery' | 'identity' | 'link' | 'webhook';
/** The panel body: the event list with its detail, or the session's identity page. */
export type PanelView = 'events' | 'identity';
export type ThemeName = 'default' | 'dark';

/**
 * What the live tab's followers last reported. The list follows `rows` (event summaries); the
 * whole document (`answer`) is followed only while something needs every event in full: the
 * Identity view, or identity controls that judge the session again (see `selectNeedsDocument`).
 */
export interface LiveSession {
  answer: FollowedSession | null;
  error: string | null;
  rows?: FollowedRows | null;
}

/** A live event in full, as the detail pane shows it. */
export interface LiveEvent {
  event: SessionEvent | null;
  linked: SessionEvent | null;
}

export interface SessionSlice {
  live: LiveSession;
  /** a file shown instead of the live capture, read-only */
  imported: ImportedSessionFile | null;
  /** why the last session file was refused; what was shown stays */
  sessionImportError: string | null;
  preserveLog: boolean;
  /** the document follower's report; the rows stay */
  setLive(live: LiveSession): void;
  /** the row follower's report; the document stays */
  setLiveRows(live: { rows: FollowedRows | null; error: string | null }): void;
  /** seqs of live events the search matches (asked of the background); null: the text filters nothing */
  searchLive(text: string): Promise<Set<number> | null>;
  /** one live event in full, asked of the background */
  liveEvent(id: string): Promise<LiveEvent>;
  setPreserveLogShown(preserveLog: boolean): void;
  clear(): void;
  setPreserveLog(preserveLog: boolean): void;
  /** downloads the judged document, the one the user is looking at */
  exportSession(opts: { redact: boolean }): void;
  importSessionFile(file: File): Promise<void>;
  backToLive(): void;
}

export interface SelectionSlice {
  selectedId: string | null;
  /** the detail pane shows the selected event; otherwise it shows the page overview */
  detailOpen: boolean;
  /** keep the newest event in view; turned off when the user scrolls up */
  followTail: boolean;
  detailTab: DetailTab;
  view: PanelView;
  select(id: string, open?: boolean): void;
  openDetail(): void;
  clearSelection(): void;
  setFollowTail(follow: boolean): void;
  setDetailTab(tab: DetailTab): void;
  setView(view: PanelView): void;
  /** from the identity page: open the event in the list and stop following new ones so it stays in view */
  showEvent(id: string): void;
}

export interface FilterSlice {
  filter: EventFilter;
  setSearchText(text: string): void;
  toggleSource(source: EventSource): void;
  toggleType(type: string): void;
  toggleStatus(status: DeliveryStatus): void;
  toggleHasFindings(): void;
  resetFilter(): void;
}

export interface PrefsSlice {
  timeMode: TimeMode;
  themeName: ThemeName;
  setTimeMode(mode: TimeMode): void;
}

export interface WebhookSlice {
  /** the secret in use: typed, or the remembered one; never in PanelPrefs */
  webhookSecret: string;
  /** the secret is kept on this computer (and follows every edit) */
  secretRemembered: boolean;
  /** false: no "remember" choice is offered */
  canRememberSecret: boolean;
  webhookUrl: string;
  /** the receivedAt Segment's servers would stamp: fixed for the panel's life so a signature can be reproduced, and editable */
  webhookReceivedAt: string;
  setWebhookReceivedAt(iso: string): void;
  setWebhookSecret(secret: string): void;
  setSecretRemembered(remember: boolean): void;
  setWebhookUrl(url: string): void;
}

export type PanelState = SessionSlice & SelectionSlice & FilterSlice & PrefsSlice & WebhookSlice & IdentityState;
export type PanelStore = StoreApi<PanelState>;

/** What the store asks of the page around it; each is optional so tests wire only what they use. */
export interface PanelServices {
  clearSession?(): Promise<void>;
  /** stores the setting and answers the value now in force */
  setPreserveLog?(preserveLog: boolean): Promise<boolean>;
  download?(document: SessionDocument, opts: { redact: boolean }): void;
  /** the live tab's whole document, fetched page by page (export while only rows are followed) */
  fetchSession?(): Promise<FollowedSession | null>;
  searchLive?(text: string): Promise<Set<number> | null>;
  liveEvent?(id: string): Promise<LiveEvent>;
  /** called whenever filters or time mode change */
  savePrefs?(prefs: PanelPrefs): void;
  /** keep (secret) or forget (null) the secret on this computer; absent: it is never kept */
  saveSecret?(secret: string | null): void;
}

export interface PanelStoreOptions {
  services?: PanelServices;
  /** what `savePrefs` stored last time, as read back from storage (validated here) */
  initialPrefs?: unknown;
  rememberedSecret?: string | null;
  themeName?: ThemeName;
  live?: LiveSession;
}

/** The view of one session; a different session (a file, back to live) starts from it again. */
const FRESH_VIEW = { selectedId: null, detailOpen: false, followTail: true, detailTab: 'called', view: 'events' } as const;

export function createPanelStore({ services = {}, initialPrefs, rememberedSecret = null, themeName = 'default', live }: PanelStoreOptions = {}): PanelStore {
  const prefs = readPrefs(initialPrefs);
  // Only the session file chosen last may land, however long an earlier one takes to read.
  let latestFile = 0;
  const store = createStore<PanelState>()((set, get) => ({
    ...createIdentitySlice(set),

    live: live ?? { answer: null, error: null },
    imported: null,
    sessionImportError: null,
    preserveLog: true,
    setLive: (next) => set((s) => ({ live: { ...next, rows: next.rows ?? s.live.rows ?? null } })),
    setLiveRows: ({ rows, error }) => set((s) => ({ live: { answer: s.live.answer, rows, error } })),
    searchLive: async (text) => (services.searchLive ? services.searchLive(text) : null),
    liveEvent: async (id) => (services.liveEvent ? services.liveEvent(id) : { event: null, linked: null }),
    setPreserveLogShown: (preserveLog) => set({ preserveLog }),
    clear: () => {
      get().clearSelection();
      void services.clearSession?.();
    },
    setPreserveLog: (preserveLog) => void services.setPreserveLog?.(preserveLog).then((now) => set({ preserveLog: now })),
    exportSession: (opts) => {
      const state = get();
      const shown = selectJudged(state);
      if (shown) {
        services.download?.(shown.document, opts);
        return;
      }
      if (!state.live.rows) return;
      // Only the rows are held: the whole document is fetched for the file, judged as shown.
      void services.fetchSession?.().then((fetched) => {
        if (fetched) services.download?.(judgedWith(fetched, get()).document, opts);
      });
    },
    importSessionFile: async (file) => {
      const ticket = ++latestFile;
      try {
        const imported = await readSessionFile(file);
        if (ticket === latestFile) set({ ...FRESH_VIEW, imported, sessionImportError: null });
      } catch (error) {
        if (ticket === latestFile) set({ sessionImportError: (error as Error).message });
      }
    },
    backToLive: () => {
      latestFile++;
      set({ ...FRESH_VIEW, imported: null, sessionImportError: null });
    },

    ...FRESH_VIEW,
    select: (id, open) => set((s) => ({ selectedId: id, detailOpen: open ?? s.detailOpen })),
    openDetail: () => set((s) => ({ detailOpen: s.selectedId !== null })),
    clearSelection: () => set({ selectedId: null, detailOpen: false }),
    setFollowTail: (followTail) => set({ followTail }),
    setDetailTab: (detailTab) => set({ detailTab }),
    setView: (view) => set({ view }),
    showEvent: (id) => set({ selectedId: id, detailOpen: true, view: 'events', followTail: false }),

    filter: prefs.filter,
    setSearchText: (text) => set((s) => ({ filter: { ...s.filter, text } })),
    toggleSource: (source) => set((s) => ({ filter: { ...s.filter, sources: toggled(s.filter.sources, source) } })),
    toggleType: (type) => set((s) => ({ filter: { ...s.filter, types: toggled(s.filter.types, type) } })),
    toggleStatus: (status) => set((s) => ({ filter: { ...s.filter, statuses: toggled(s.filter.statuses, status) } })),
    toggleHasFindings: () => set((s) => ({ filter: { ...s.filter, hasFindings: !s.filter.hasFindings } })),
    resetFilter: () => set({ filter: EMPTY_FILTER }),

    timeMode: prefs.timeMode,
    themeName,
    setTimeMode: (timeMode) => set({ timeMode }),

    webhookSecret: rememberedSecret ?? '',
    secretRemembered: rememberedSecret !== null,
    canRememberSecret: services.saveSecret !== undefined,
    webhookUrl: '',
    webhookReceivedAt: new Date().toISOString(),
    setWebhookReceivedAt: (webhookReceivedAt) => set({ webhookReceivedAt }),
    setWebhookSecret: (webhookSecret) => {
      set({ webhookSecret });
      if (get().secretRemembered) services.saveSecret?.(webhookSecret);
    },
    setSecretRemembered: (remember) => {
      if (!services.saveSecret) return;
      set({ secretRemembered: remember });
      services.saveSecret(remember ? get().webhookSecret : null);
    },
    setWebhookUrl: (webhookUrl) => set({ webhookUrl }),
  }));

  const { savePrefs } = services;
  if (savePrefs) {
    store.subscribe((state, previous) => {
      if (state.filter !== previous.filter || state.timeMode !== previous.timeMode) {
        savePrefs({ filter: serializeFilter(state.filter), timeMode: state.timeMode });
      }
    });
  }
  return store;
}

/** The session as captured or imported, before the identity controls judge it again. */
export const selectBaseSession = (s: PanelState): JudgedSession | null => s.imported ?? s.live.answer;

/** The session the panel shows: judged with the identity controls (a stable object per input). */
export const selectJudged = (s: PanelState): JudgedSession | null => {
  const base = selectBaseSession(s);
  return base && judgedWith(base, s);
};

/** The light for what is shown: the judged document's, else the live rows' answer. */
export const selectShownStatus = (s: PanelState): SessionStatus | null => selectJudged(s)?.status ?? (s.imported ? null : (s.live.rows?.status ?? null));

/** When the shown session's first event was captured: the origin of relative times. */
export const selectFirstCapturedAt = (s: PanelState): string | null => {
  const judged = selectJudged(s);
  if (judged) return judged.document.events[0]?.capturedAt ?? null;
  return s.imported ? null : (s.live.rows?.rows[0]?.capturedAt ?? null);
};

/**
 * The live panel follows the whole document only while one of these needs every event in full:
 * the Identity view, an event's Identity tab (it replays the engine up to that event), or
 * identity controls that judge the session again.
 */
export const selectNeedsDocument = (s: PanelState): boolean =>
  s.imported === null && (s.view === 'identity' || (s.detailOpen && s.detailTab === 'identity') || s.importedUsers !== null || !isDefaultAssumptions(s.assumptions));

export const selectReadOnly = (s: PanelState): boolean => s.imported !== null;

/** Adding to a set; removing the last member means "no filter" again (null), not "match nothing". */
function toggled<T>(set: Set<T> | null, item: T): Set<T> | null {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next.size > 0 ? next : null;
}

function readPrefs(stored: unknown): { filter: EventFilter; timeMode: TimeMode } {
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  return {
    filter: deserializeFilter(s.filter),
    timeMode: s.timeMode === 'absolute' ? 'absolute' : 'relative',
  };
}

export const PanelStoreContext = createContext<PanelStore | null>(null);

export function usePanelStoreApi(): PanelStore {
  const store = useContext(PanelStoreContext);
  if (!store) throw new Error('the panel needs a PanelStoreContext provider (PanelApp sets one up)');
  return store;
}

/** Re-renders only when the selected value changes; wrap object-returning selectors in `useShallow`. */
export function usePanelStore<T>(selector: (state: PanelState) => T): T {
  return useStore(usePanelStoreApi(), selector);
}
