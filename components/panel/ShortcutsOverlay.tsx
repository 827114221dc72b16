/** What `?` shows: every key of the panel, from the one list the keys are handled by. */
import { SHORTCUTS } from '../../lib/extension-pages/panel/listKeys';
import { useLayout } from './layoutStore';

export function ShortcutsOverlay() {
  const open = useLayout((s) => s.shortcutsOpen);
  const setOpen = useLayout((s) => s.setShortcutsOpen);
  if (!open) return null;
  return (
    <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts">
      <header className="shortcuts__header">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="icon-button" aria-label="Close shortcuts" onClick={() => setOpen(false)}>
          ×
        </button>
      </header>
      <dl className="facts">
        {SHORTCUTS.map(({ keys, what }) => (
          <div key={keys} className="facts__pair">
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
