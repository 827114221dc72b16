/**
 * Show or hide the list's optional columns and set their widths from the keyboard (←/→, Shift
 * for bigger steps), as the header's handles do with the mouse; both are remembered.
 */
import type { KeyboardEvent } from 'react';
import { COLUMNS, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, clampColumnWidth } from '../../lib/extension-pages/panel/columns';
import { useLayout } from './layoutStore';

const STEP = 8;
const BIG_STEP = 40;

/** Every column with a width of its own; Name takes what is left. */
const SIZED_COLUMNS = COLUMNS.filter((c) => c.width !== null);

export function ColumnsMenu() {
  const hidden = useLayout((s) => s.hidden);
  const toggleColumn = useLayout((s) => s.toggleColumn);
  return (
    <details className="columns-menu">
      <summary>Columns</summary>
      <div className="columns-menu__list" role="group" aria-label="Columns shown">
        {SIZED_COLUMNS.map((c) => (
          <div key={c.id} className="columns-menu__row">
            {c.hideable ? (
              <label className="toggle">
                <input type="checkbox" checked={!hidden.includes(c.id)} onChange={() => toggleColumn(c.id)} /> {c.label}
              </label>
            ) : (
              <span className="columns-menu__fixed">{c.label}</span>
            )}
            <WidthHandle id={c.id} label={c.label} fallback={c.width} />
          </div>
        ))}
      </div>
    </details>
  );
}

function WidthHandle({ id, label, fallback }: { id: string; label: string; fallback: number }) {
  const width = clampColumnWidth(useLayout((s) => s.widths[id]) ?? fallback);
  const setColumnWidth = useLayout((s) => s.setColumnWidth);
  const onKeyDown = (e: KeyboardEvent<HTMLSpanElement>) => {
    const direction = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (direction === 0) return;
    // The panel's own ←/→ (detail tabs) must not also act.
    e.preventDefault();
    setColumnWidth(id, width + direction * (e.shiftKey ? BIG_STEP : STEP));
  };
  return (
    <span
      className="columns-menu__width"
      role="separator"
      aria-orientation="vertical"
      aria-label={`Width of ${label}`}
      aria-valuenow={width}
      aria-valuemin={MIN_COLUMN_WIDTH}
      aria-valuemax={MAX_COLUMN_WIDTH}
      title="←/→ change the width (Shift: bigger steps)"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      ◂ {width} px ▸
    </span>
  );
}
