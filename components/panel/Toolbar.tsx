/** The panel toolbar: the Events | Identity switch, search, filter chips, time mode, and the session actions. */
import type { RefObject } from 'react';
import type { StatusLight } from '../../lib/shared/identity/sessionStatus';
import type { EventCounts } from '../../lib/extension-pages/panel/filter';
import { isFilterActive } from '../../lib/extension-pages/panel/filter';
import { usePanelStore } from './store';
import { SearchBox } from './SearchBox';
import { FilterChips } from './FilterChips';
import { SessionActions, type SessionActionsProps } from './SessionActions';
import { ViewSwitch } from './ViewSwitch';

export interface ToolbarProps extends SessionActionsProps {
  searchRef: RefObject<HTMLInputElement | null>;
  searchError: string | null;
  counts: EventCounts;
  /** with a light, the toolbar offers the Identity view */
  identityLight?: StatusLight;
}

export function Toolbar({ searchRef, searchError, counts, identityLight, ...actions }: ToolbarProps) {
  const filter = usePanelStore((s) => s.filter);
  const store = usePanelStore((s) => s);
  // Search and filters act on the event list only, so the Identity view does not show them.
  const events = identityLight === undefined || store.view === 'events';
  return (
    <div className="toolbar">
      <div className="toolbar__row">
        {identityLight !== undefined && <ViewSwitch light={identityLight} />}
        {events && <EventControls searchRef={searchRef} searchError={searchError} />}
        <SessionActions {...actions} />
      </div>
      {events && (
        <FilterChips
          filter={filter}
          counts={counts}
          onToggleSource={store.toggleSource}
          onToggleType={store.toggleType}
          onToggleStatus={store.toggleStatus}
          onToggleHasFindings={store.toggleHasFindings}
        />
      )}
    </div>
  );
}

function EventControls({ searchRef, searchError }: Pick<ToolbarProps, 'searchRef' | 'searchError'>) {
  const filter = usePanelStore((s) => s.filter);
  const timeMode = usePanelStore((s) => s.timeMode);
  const store = usePanelStore((s) => s);
  return (
    <>
      <SearchBox value={filter.text} onChange={store.setSearchText} error={searchError} inputRef={searchRef} onEscapeWhenEmpty={store.clearSelection} />
      <button
        type="button"
        aria-pressed={timeMode === 'absolute'}
        title={timeMode === 'relative' ? 'Times count from the first event; click for clock time' : 'Clock time; click for times from the first event'}
        onClick={() => store.setTimeMode(timeMode === 'relative' ? 'absolute' : 'relative')}
      >
        {timeMode === 'relative' ? 'Time: relative' : 'Time: clock'}
      </button>
      {isFilterActive(filter) && (
        <button type="button" onClick={store.resetFilter}>
          Reset filters
        </button>
      )}
    </>
  );
}
