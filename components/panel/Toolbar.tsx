/** The panel toolbar: the Events | Identity switch, search, filter chips, time mode, and the session actions. */
import { memo, type RefObject } from 'react';
import type { StatusLight } from '../../lib/shared/identity/sessionStatus';
import type { EventCounts } from '../../lib/extension-pages/panel/filter';
import { isFilterActive } from '../../lib/extension-pages/panel/filter';
import { usePanelStore } from './store';
import { SearchBox } from './SearchBox';
import { FilterChips } from './FilterChips';
import { SessionActions } from './SessionActions';
import { ViewSwitch } from './ViewSwitch';
import { ColumnsMenu } from './ColumnsMenu';
import { useLayout } from './layoutStore';

export interface ToolbarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  searchError: string | null;
  counts: EventCounts;
  /** the types of PF events, whose chips merge by kind */
  pfTypes: ReadonlySet<string>;
  /** with a light, the toolbar offers the Identity view */
  identityLight?: StatusLight;
}

/** Memoised: the panel re-renders on every selection change, which the toolbar does not show. */
export const Toolbar = memo(function Toolbar({ searchRef, searchError, counts, pfTypes, identityLight }: ToolbarProps) {
  const view = usePanelStore((s) => s.view);
  // Search and filters act on the event list only, so the Identity view does not show them.
  const events = identityLight === undefined || view === 'events';
  return (
    <div className="toolbar">
      <div className="toolbar__row">
        {identityLight !== undefined && <ViewSwitch light={identityLight} />}
        {events && <EventControls searchRef={searchRef} searchError={searchError} />}
        <SessionActions />
      </div>
      {events && <FilterChips counts={counts} pfTypes={pfTypes} />}
    </div>
  );
});

function EventControls({ searchRef, searchError }: Pick<ToolbarProps, 'searchRef' | 'searchError'>) {
  const filter = usePanelStore((s) => s.filter);
  const timeMode = usePanelStore((s) => s.timeMode);
  const setSearchText = usePanelStore((s) => s.setSearchText);
  const clearSelection = usePanelStore((s) => s.clearSelection);
  const setTimeMode = usePanelStore((s) => s.setTimeMode);
  const resetFilter = usePanelStore((s) => s.resetFilter);
  const shortcutsOpen = useLayout((s) => s.shortcutsOpen);
  const setShortcutsOpen = useLayout((s) => s.setShortcutsOpen);
  return (
    <>
      <SearchBox value={filter.text} onChange={setSearchText} error={searchError} inputRef={searchRef} onEscapeWhenEmpty={clearSelection} />
      <button
        type="button"
        aria-pressed={timeMode === 'absolute'}
        title={timeMode === 'relative' ? 'Times count from the first event; click for clock time' : 'Clock time; click for times from the first event'}
        onClick={() => setTimeMode(timeMode === 'relative' ? 'absolute' : 'relative')}
      >
        {timeMode === 'relative' ? 'Time: relative' : 'Time: clock'}
      </button>
      {isFilterActive(filter) && (
        <button type="button" onClick={resetFilter}>
          Reset filters
        </button>
      )}
      <ColumnsMenu />
      <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShortcutsOpen(!shortcutsOpen)}>
        ?
      </button>
    </>
  );
}
