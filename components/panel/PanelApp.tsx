/**
 * The DevTools panel (also used by the full-page view): toolbar, virtualised event list, and a
 * detail pane that shows the open event or, with none open, the page overview; with
 * `identityView`, also the session's Identity view. Everything it shows comes from the panel store.
 */
import { ErrorBoundary } from '../ErrorBoundary';
import { useDeferredValue, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StatusLight } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { countsBy, filterEvents, isFilterActive, parseSearch } from '../../lib/extension-pages/panel/filter';
import { buildRows, stepSelection } from '../../lib/extension-pages/panel/rows';
import { PanelStoreContext, selectJudged, usePanelStore, usePanelStoreApi, type PanelStore } from './store';
import { Toolbar } from './Toolbar';
import { EventList } from './EventList';
import { StatusStrip } from './StatusStrip';
import { EventDetail } from './EventDetail';
import { ImportedBanner } from './ImportedBanner';
import { PageOverview } from './PageOverview';
import { IdentityPane } from './IdentityPane';
import './panel.css';

export interface PanelAppProps {
  /** made once per panel page with createPanelStore */
  store: PanelStore;
  /** adds the Identity view (the session's identity page) beside Events */
  identityView?: boolean;
}

export function PanelApp({ store, identityView = false }: PanelAppProps) {
  return (
    <PanelStoreContext.Provider value={store}>
      <Panel identityView={identityView} />
    </PanelStoreContext.Provider>
  );
}

function Panel({ identityView }: { identityView: boolean }) {
  const judged = usePanelStore(selectJudged);
  // Remounted per file shown: the list's scroll position belongs to the session it scrolls.
  const shownKey = usePanelStore((s) => (s.imported ? `${s.imported.fileName}:${s.imported.document.exportedAt}` : 'live'));
  const failure = usePanelStore((s) => s.live.error);
  if (!judged) return failure ? <p className="empty-state" role="alert">The background could not answer: {failure}</p> : null;
  return <SessionPanel key={shownKey} session={judged.document} light={identityView ? judged.status.light : undefined} />;
}

function SessionPanel({ session, light }: { session: SessionDocument; light: StatusLight | undefined }) {
  const store = usePanelStoreApi();
  const { selectedId, detailOpen, shownFilter, view, themeName } = usePanelStore(
    useShallow((s) => ({ selectedId: s.selectedId, detailOpen: s.detailOpen, shownFilter: s.filter, view: s.view, themeName: s.themeName })),
  );
  const searchRef = useRef<HTMLInputElement>(null);

  const counts = useMemo(() => countsBy(session.events), [session.events]);
  // Filtering 100,000 events takes tens of milliseconds; deferring it keeps typing in the search box responsive.
  const filter = useDeferredValue(shownFilter);
  const visible = useMemo(() => filterEvents(session.events, filter), [session.events, filter]);
  const userChanges = session.productFruits.userTimeline;
  const rows = useMemo(() => buildRows(visible, session.navigations, userChanges), [visible, session.navigations, userChanges]);
  const searchError = useMemo(() => parseSearch(shownFilter.text).error, [shownFilter.text]);
  const byId = useMemo(() => new Map(session.events.map((event) => [event.id, event])), [session.events]);
  const timeOrigin = session.events[0] ? Date.parse(session.events[0].capturedAt) : null;

  const selected = selectedId !== null ? (byId.get(selectedId) ?? null) : null;
  const linked = selected?.pfLink ? (byId.get(selected.pfLink.eventId) ?? null) : null;

  // Keyboard shortcuts work anywhere in the panel except while typing in a field.
  const latestRows = useRef(rows);
  latestRows.current = rows;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const s = store.getState();
      // The list shortcuts mean nothing on the Identity view, which has no list.
      if (isTypingTarget(e.target) || s.view !== 'events') return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = stepSelection(latestRows.current, s.selectedId, e.key === 'ArrowDown' ? 1 : -1);
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
  }, [store]);

  const eventsView = (
    <div className="panel__body">
      <div className="panel__list">
        {light !== undefined && <StatusStrip />}
        <ListOrEmptyState hasEvents={session.events.length > 0} noMatches={visible.length === 0 && isFilterActive(filter)}>
          <EventList rows={rows} search={searchError ? '' : shownFilter.text} timeOrigin={timeOrigin} />
        </ListOrEmptyState>
      </div>
      <div className="panel__detail">
        <ErrorBoundary what={detailOpen && selected ? 'this event' : 'the page overview'} resetKey={detailOpen && selected ? selected.id : null}>
          {detailOpen && selected ? <EventDetail event={selected} linked={linked} /> : <PageOverview session={session} />}
        </ErrorBoundary>
      </div>
    </div>
  );

  return (
    <div className="panel" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      <Toolbar searchRef={searchRef} searchError={searchError} counts={counts} identityLight={light} />
      <ImportedBanner />
      <CaptureNotice session={session} />
      {light !== undefined && view === 'identity' ? (
        <div className="panel__body panel__body--identity">
          <ErrorBoundary what="the identity view">
            <IdentityPane />
          </ErrorBoundary>
        </div>
      ) : (
        eventsView
      )}
    </div>
  );
}

/** Empty states say what to do next rather than showing an empty grid. */
function ListOrEmptyState({ hasEvents, noMatches, children }: { hasEvents: boolean; noMatches: boolean; children: ReactNode }) {
  const resetFilter = usePanelStore((s) => s.resetFilter);
  if (!hasEvents) {
    return <p className="empty-state">No Segment calls yet. Reload the page to capture from the start.</p>;
  }
  if (noMatches) {
    return (
      <div className="empty-state">
        <p>No events match these filters</p>
        <button type="button" onClick={resetFilter}>
          Reset filters
        </button>
      </div>
    );
  }
  return <>{children}</>;
}

/** Dropped and refused events are never silent. */
function CaptureNotice({ session }: { session: SessionDocument }) {
  const evicted = session.capture?.evicted ?? 0;
  const rejected = session.capture?.rejected ?? 0;
  if (evicted === 0 && rejected === 0) return null;
  return (
    <div className="notice" role="status">
      {evicted > 0 && (
        <span>
          {evicted} older event{evicted === 1 ? ' was' : 's were'} dropped to stay within the limit of {session.capture?.limit}.
        </span>
      )}
      {rejected > 0 && (
        <span>
          {' '}
          {rejected} record{rejected === 1 ? ' was' : 's were'} refused as the page sent {rejected === 1 ? 'it' : 'them'} (invalid, too large, or over the subframes' share).
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
