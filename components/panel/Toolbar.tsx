/** The panel toolbar: search, filter chips, time mode, and the session actions. */
import type { RefObject } from 'react';
import type { EventCounts } from '../../lib/panel/filter';
import { isFilterActive } from '../../lib/panel/filter';
import { usePanelStore } from './store';
import { SearchBox } from './SearchBox';
import { FilterChips } from './FilterChips';
import { SessionActions, type SessionActionsProps } from './SessionActions';

export interface ToolbarProps extends SessionActionsProps {
  searchRef: RefObject<HTMLInputElement | null>;
  searchError: string | null;
  counts: EventCounts;
}

export function Toolbar({ searchRef, searchError, counts, ...actions }: ToolbarProps) {
  const filter = usePanelStore((s) => s.filter);
  const timeMode = usePanelStore((s) => s.timeMode);
  const store = usePanelStore((s) => s);
  return (
    <div className="toolbar">
      <div className="toolbar__row">
        <SearchBox
          value={filter.text}
          onChange={store.setSearchText}
          error={searchError}
          inputRef={searchRef}
          onEscapeWhenEmpty={store.clearSelection}
        />
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
        <SessionActions {...actions} />
      </div>
      <FilterChips
        filter={filter}
        counts={counts}
        onToggleSource={store.toggleSource}
        onToggleType={store.toggleType}
        onToggleStatus={store.toggleStatus}
        onToggleHasFindings={store.toggleHasFindings}
      />
    </div>
  );
}
