/**
 * The DevTools panel (also used by the full-page view): toolbar, virtualised event list, and a
 * detail pane that shows the open event or, with none open, the page overview; with
 * `identityView`, also the session's Identity view. Everything it shows comes from the panel store.
 */
import { ErrorBoundary } from '../ErrorBoundary';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StatusLight } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { countsBy, filterSummaries, isFilterActive, parseSearch } from '../../lib/extension-pages/panel/filter';
import { buildRows } from '../../lib/extension-pages/panel/rows';
import { listColumns, minListWidth } from '../../lib/extension-pages/panel/columns';
import { foldPfGroups, pfGroups } from '../../lib/extension-pages/panel/pfGroups';
import { pageLevelFindings, subjectSeq } from '../../lib/extension-pages/panel/severity';
import { PanelStoreContext, selectJudged, usePanelStore, type PanelStore } from './store';
import { useOpenEvent, useSearchMatches, useSummaries, type ShownSession } from './useShownEvents';
import { Toolbar } from './Toolbar';
import { EventList } from './EventList';
import { StatusStrip } from './StatusStrip';
import { createLayoutStore, DEFAULT_DETAIL_WIDTH, LayoutStoreContext, useLayout, type LayoutStore } from './layoutStore';
import { usePanelKeys } from './usePanelKeys';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { Splitter } from './Splitter';
import { useElementWidth } from './useElementWidth';
import { ImportedBanner } from './ImportedBanner';
import { WhileLoading } from './lazyView';
import { LazyEventDetail, LazyIdentityPane, LazyPageOverview, preloadPanelViews } from './lazyViews';
import './panel.css';

export interface PanelAppProps {
  /** made once per panel page with createPanelStore */
  store: PanelStore;
  /** adds the Identity view (the session's identity page) beside Events */
  identityView?: boolean;
  /** column widths, splitter and folds; by default remembered in the page's localStorage */
  layout?: LayoutStore;
}

export function PanelApp({ store, identityView = false, layout }: PanelAppProps) {
  const [layoutStore] = useState(() => layout ?? createLayoutStore());
  return (
    <PanelStoreContext.Provider value={store}>
      <LayoutStoreContext.Provider value={layoutStore}>
        <Panel identityView={identityView} />
      </LayoutStoreContext.Provider>
    </PanelStoreContext.Provider>
  );
}

function Panel({ identityView }: { identityView: boolean }) {
  const judged = usePanelStore(selectJudged);
  // Remounted per file shown: the list's scroll position belongs to the session it scrolls.
  const shownKey = usePanelStore((s) => (s.imported ? `${s.imported.fileName}:${s.imported.document.exportedAt}` : 'live'));
  const failure = usePanelStore((s) => s.live.error);
  const rows = usePanelStore((s) => (s.imported ? null : (s.live.rows ?? null)));
  // The whole document when the page holds one; else the live tab's window of summaries.
  const shown = useMemo((): ShownSession | null => {
    if (judged) return { kind: 'document', document: judged.document };
    return rows && { kind: 'window', document: rows.document, rows: rows.rows };
  }, [judged, rows]);
  const status = judged?.status ?? rows?.status;
  if (!shown || !status) return failure ? <p className="empty-state" role="alert">The background could not answer: {failure}</p> : null;
  return <SessionPanel key={shownKey} shown={shown} light={identityView ? status.light : undefined} />;
}

function SessionPanel({ shown, light }: { shown: ShownSession; light: StatusLight | undefined }) {
  const session = shown.document;
  const { selectedId, detailOpen, shownFilter, view, themeName } = usePanelStore(
    useShallow((s) => ({ selectedId: s.selectedId, detailOpen: s.detailOpen, shownFilter: s.filter, view: s.view, themeName: s.themeName })),
  );
  const searchRef = useRef<HTMLInputElement>(null);

  const summaries = useSummaries(shown);
  const pageFindings = useMemo(() => pageLevelFindings(session.diagnostics, summaries).length, [session.diagnostics, summaries]);
  const counts = useMemo(() => countsBy(summaries, pageFindings), [summaries, pageFindings]);
  const lightSubject = useMemo(() => subjectSeq(summaries), [summaries]);
  const pfTypes = useMemo(() => new Set(summaries.filter((e) => e.source === 'productfruits').map((e) => e.type)), [summaries]);
  // Filtering 100,000 events takes tens of milliseconds; deferring it keeps typing in the search box responsive.
  const filter = useDeferredValue(shownFilter);
  const matches = useSearchMatches(shown, filter.text);
  const visible = useMemo(() => filterSummaries(summaries, filter, matches), [summaries, filter, matches]);
  const userChanges = session.productFruits.userTimeline;
  const rows = useMemo(() => buildRows(visible, session.navigations, userChanges), [visible, session.navigations, userChanges]);
  const searchError = useMemo(() => parseSearch(shownFilter.text).error, [shownFilter.text]);
  const byId = useMemo(() => new Map(summaries.map((summary) => [summary.id, summary])), [summaries]);
  const timeOrigin = summaries[0] ? Date.parse(summaries[0].capturedAt) : null;

  const selectedSummary = selectedId !== null ? (byId.get(selectedId) ?? null) : null;
  const open = useOpenEvent(shown, detailOpen ? selectedSummary : null);
  const selected = open?.event ?? null;
  const linked = open?.linked ?? null;

  // One PF action, one row group; the group of the selected event is always unfolded so it shows.
  const groups = useMemo(() => pfGroups(summaries), [summaries]);
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  const selectedGroup = selectedId !== null ? groups.get(selectedId) : undefined;
  const shownGroups = useMemo(() => {
    if (!selectedGroup || selectedGroup.id === selectedId || unfolded.has(selectedGroup.id)) return unfolded;
    return new Set([...unfolded, selectedGroup.id]);
  }, [unfolded, selectedGroup, selectedId]);
  const panelRows = useMemo(() => foldPfGroups(rows, groups, shownGroups), [rows, groups, shownGroups]);
  const toggleGroup = useCallback((id: string) => {
    setUnfolded((open) => {
      const next = new Set(open);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const hidden = useLayout((s) => s.hidden);
  const widths = useLayout((s) => s.widths);
  const storedDetailWidth = useLayout((s) => s.detailWidth);
  const detailShown = detailOpen && selected !== null;
  const bodyRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listWidth = useElementWidth(listRef);
  // Narrow with an event open, and whenever the full set would not fit (never before the first measurement).
  const columns = useMemo(() => {
    const full = listColumns({ compact: false, hidden, widths });
    const narrow = detailShown || (listWidth > 0 && listWidth < minListWidth(full));
    return narrow ? listColumns({ compact: true, hidden, widths }) : full;
  }, [detailShown, hidden, widths, listWidth]);
  const detailWidth = storedDetailWidth ?? DEFAULT_DETAIL_WIDTH;

  usePanelKeys({ rows: panelRows, groups, selected, searchRef, setUnfolded });
  usePreloadWhenIdle();

  const eventsView = (
    <div className="panel__body" ref={bodyRef}>
      <div className="panel__list" ref={listRef}>
        {light !== undefined && <StatusStrip />}
        {filter.hasFindings && counts.pageFindings > 0 && <PageFindingsNote count={counts.pageFindings} />}
        <ListOrEmptyState hasEvents={summaries.length > 0} noMatches={visible.length === 0 && isFilterActive(filter)}>
          <EventList rows={panelRows} columns={columns} onToggleGroup={toggleGroup} search={searchError ? '' : shownFilter.text} timeOrigin={timeOrigin} lightSubject={lightSubject} />
        </ListOrEmptyState>
        <p className="event-list__count">
          {visible.length === summaries.length ? `${summaries.length} events` : `${visible.length} of ${summaries.length} events`}
        </p>
      </div>
      <Splitter containerRef={bodyRef} detailWidth={detailWidth} />
      <div className="panel__detail" style={{ flexBasis: detailWidth }}>
        <ErrorBoundary what={detailShown ? 'this event' : 'the page overview'} resetKey={detailShown ? selected.id : null}>
          {detailShown ? (
            <WhileLoading placeholder="Loading the event…">
              <LazyEventDetail event={selected} linked={linked} />
            </WhileLoading>
          ) : detailOpen && selectedSummary && !open ? (
            <p className="empty-note">Loading the event…</p>
          ) : (
            <WhileLoading placeholder="Loading the page overview…">
              <LazyPageOverview session={session} />
            </WhileLoading>
          )}
        </ErrorBoundary>
      </div>
    </div>
  );

  return (
    <div className="panel" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      <Toolbar searchRef={searchRef} searchError={searchError} counts={counts} pfTypes={pfTypes} identityLight={light} />
      <ImportedBanner />
      <ShortcutsOverlay />
      <CaptureNotice session={session} />
      {light !== undefined && view === 'identity' ? (
        <div className="panel__body panel__body--identity">
          <ErrorBoundary what="the identity view">
            {/* The Identity view needs every event in full: the list's summaries are not enough. */}
            {shown.kind === 'window' ? (
              <p className="empty-note">Loading every event for the identity view…</p>
            ) : (
              <WhileLoading placeholder="Loading the identity view…">
                <LazyIdentityPane />
              </WhileLoading>
            )}
          </ErrorBoundary>
        </div>
      ) : (
        eventsView
      )}
    </div>
  );
}

/** A chunk that fails here fails again, and says so, in the view that needs it: the preload only tries. */
function preloadQuietly() {
  preloadPanelViews().catch(() => undefined);
}

/** Once the list is on screen, the views it leaves out load while the page is idle, so opening one rarely waits. */
function usePreloadWhenIdle() {
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(preloadQuietly, 500);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(preloadQuietly, { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, []);
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

/** "Has findings" counts findings no event carries; they are in the page overview, one click away. */
function PageFindingsNote({ count }: { count: number }) {
  const clearSelection = usePanelStore((s) => s.clearSelection);
  return (
    <p className="page-findings-note" role="note">
      {count === 1 ? '1 page finding belongs to no event' : `${count} page findings belong to no event`}.{' '}
      <button type="button" className="link-button" onClick={clearSelection}>
        Show in the page overview
      </button>
    </p>
  );
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
