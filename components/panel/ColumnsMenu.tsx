/** Show or hide the list's optional columns; the choice is remembered. */
import { HIDEABLE_COLUMNS } from '../../lib/extension-pages/panel/columns';
import { useLayout } from './layoutStore';

export function ColumnsMenu() {
  const hidden = useLayout((s) => s.hidden);
  const toggleColumn = useLayout((s) => s.toggleColumn);
  return (
    <details className="columns-menu">
      <summary>Columns</summary>
      <div className="columns-menu__list" role="group" aria-label="Columns shown">
        {HIDEABLE_COLUMNS.map((c) => (
          <label key={c.id} className="toggle">
            <input type="checkbox" checked={!hidden.includes(c.id)} onChange={() => toggleColumn(c.id)} /> {c.label}
          </label>
        ))}
      </div>
    </details>
  );
}
