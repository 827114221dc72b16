/**
 * The DevTools panel (also used by the full-page view): toolbar, virtualised event list, and a
 * detail pane that shows the open event or, with none open, the page overview; with `identity`,
 * also the session's Identity view. Session data comes in as a prop; UI state lives in a
 * per-panel store.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { countsBy, filterEvents, isFilterActive, parseSearch } from '../../lib/extension-pages/panel/filter';
import { buildRows, stepSelection } from '../../lib/extension-pages/panel/rows';
import { createPanelStore, PanelStoreContext, type PanelStore } from './store';
import { Toolbar } from './Toolbar';
import { EventList } from './EventList';
import { EventDetail } from './EventDetail';
import { PageOverview } from './PageOverview';
import { IdentityPane, type PanelIdentity } from './IdentityPane';
import type { WebhookSettings } from './WebhookView';
import './panel.css';

export interface PanelAppProps {
  session: SessionDocument;
  /** an imported session: nothing to clear or preserve */
  readOnly?: boolean;
  themeName?: 'default' | 'dark';
  onClear?: () => void;
  onExport?: (opts: { redact: boolean }) => void;
  onImport?: (file: File) => void;
  importError?: string | null;
  preserveLog?: boolean;
  onPreserveLogChange?: (value: boolean) => void;
  /** UI state store; pass one made with createPanelStore({ persist, initialPrefs }) to keep filters */
  store?: PanelStore;
  /** the identity controls and light of `session` (already judged with them); adds the Identity view */
  identity?: PanelIdentity;
  /** the webhook secret kept on this computer (null: none) */
  rememberedSecret?: string | null;
  /** keep (secret) or forget (null) the webhook secret on this computer; absent: the secret is never kept */
  onRememberSecret?: (secret: string | null) => void;
  /** shown under the toolbar, e.g. where an imported session came from */
  banner?: ReactNode;
}

export function PanelApp({ store: givenStore, ...props }: PanelAppProps) {
  const [ownStore] = useState(() => givenStore ?? createPanelStore());
  const store = givenStore ?? ownStore;
  return (
    <PanelStoreContext.Provider value={store}>
      <Panel store={store} {...props} />
    </PanelStoreContext.Provider>
  );
}

function Panel({
  store,
  session,
  readOnly = false,
  themeName,
  onClear,
  identity,
  rememberedSecret = null,
  onRememberSecret,
  banner,
  ...actions
}: Omit<PanelAppProps, 'store'> & { store: PanelStore }) {
  const state = useStore(store);
  const searchRef = useRef<HTMLInputElement>(null);

  const counts = useMemo(() => countsBy(session.events), [session.events]);
  // Filtering 100,000 events takes tens of milliseconds; deferring it keeps typing in the search box responsive.
  const filter = useDeferredValue(state.filter);
  const visible = useMemo(() => filterEvents(session.events, filter), [session.events, filter]);
  const userChanges = session.productFruits.userTimeline;
  const rows = useMemo(() => buildRows(visible, session.navigations, userChanges), [visible, session.navigations, userChanges]);
  const searchError = useMemo(() => parseSearch(state.filter.text).error, [state.filter.text]);
  const byId = useMemo(() => new Map(session.events.map((event) => [event.id, event])), [session.events]);
  const timeOrigin = session.events[0] ? Date.parse(session.events[0].capturedAt) : null;

  const selected = state.selectedId !== null ? (byId.get(state.selectedId) ?? null) : null;
  const linked = selected?.pfLink ? (byId.get(selected.pfLink.eventId) ?? null) : null;

  // Keyboard shortcuts work anywhere in the panel except while typing in a field.
  const latest = useRef({ rows, state });
  latest.current = { rows, state };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const { rows: currentRows, state: s } = latest.current;
      // The list shortcuts mean nothing on the Identity view, which has no list.
      if (isTypingTarget(e.target) || s.view !== 'events') return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = stepSelection(currentRows, s.selectedId, e.key === 'ArrowDown' ? 1 : -1);
        if (next !== null) s.select(next);
      } else if (e.key === 'Enter' && s.selectedId !== null && !isControl(e.target)) {
        e.preventDefault();
        s.openDetail();
      } else if (e.key === 'Escape') {
        if (s.filter.text !== '') s.setSearchText('');
        else s.clearSelection();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const selectAndOpen = useCallback((id: string) => store.getState().select(id, true), [store]);
  const webhook: WebhookSettings = {
    secret: state.webhookSecret ?? rememberedSecret ?? '',
    onSecretChange: state.setWebhookSecret,
    url: state.webhookUrl,
    onUrlChange: state.setWebhookUrl,
    rememberedSecret,
    onRememberSecret,
  };

  const clear = onClear
    ? () => {
        state.clearSelection();
        onClear();
      }
    : undefined;

  const eventsView = (
    <div className="panel__body">
      <div className="panel__list">
        <ListOrEmptyState
          hasEvents={session.events.length > 0}
          noMatches={visible.length === 0 && isFilterActive(filter)}
          onReset={state.resetFilter}
        >
          <EventList
            rows={rows}
            selectedId={state.selectedId}
            onSelect={selectAndOpen}
            search={searchError ? '' : state.filter.text}
            timeMode={state.timeMode}
            timeOrigin={timeOrigin}
            followTail={state.followTail}
            onFollowTailChange={state.setFollowTail}
          />
        </ListOrEmptyState>
      </div>
      <div className="panel__detail">
        {state.detailOpen && selected ? (
          <EventDetail
            event={selected}
            linked={linked}
            tab={state.detailTab}
            onTabChange={state.setDetailTab}
            onSelectEvent={selectAndOpen}
            onClose={state.clearSelection}
            webhook={webhook}
          />
        ) : (
          <PageOverview session={session} />
        )}
      </div>
    </div>
  );

  return (
    <div className="panel" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      <Toolbar
        readOnly={readOnly}
        searchRef={searchRef}
        searchError={searchError}
        counts={counts}
        identityLight={identity?.status.light}
        onClear={clear}
        {...actions}
      />
      {banner}
      <CaptureNotice session={session} readOnly={readOnly && !banner} />
      {identity && state.view === 'identity' ? (
        <div className="panel__body panel__body--identity">
          <IdentityPane session={session} identity={identity} onSelectEvent={state.showEvent} />
        </div>
      ) : (
        eventsView
      )}
    </div>
  );
}

/** Empty states say what to do next rather than showing an empty grid. */
function ListOrEmptyState({ hasEvents, noMatches, onReset, children }: { hasEvents: boolean; noMatches: boolean; onReset: () => void; children: ReactNode }) {
  if (!hasEvents) {
    return <p className="empty-state">No Segment calls yet. Reload the page to capture from the start.</p>;
  }
  if (noMatches) {
    return (
      <div className="empty-state">
        <p>No events match these filters</p>
        <button type="button" onClick={onReset}>
          Reset filters
        </button>
      </div>
    );
  }
  return <>{children}</>;
}

/** Dropped events are never silent; an imported session says so (unless a banner does), since nothing new will arrive. */
function CaptureNotice({ session, readOnly }: { session: SessionDocument; readOnly: boolean }) {
  const evicted = session.capture?.evicted ?? 0;
  if (!readOnly && evicted === 0) return null;
  return (
    <div className="notice" role="status">
      {readOnly && <span>Imported session, exported {session.exportedAt} (read-only). </span>}
      {evicted > 0 && (
        <span>
          {evicted} older event{evicted === 1 ? ' was' : 's were'} dropped to stay within the limit of {session.capture?.limit}.
        </span>
      )}
    </div>
  );
}

/** Enter on a button or link must activate it, not open the detail. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a, summary, [role="tab"]') !== null;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
