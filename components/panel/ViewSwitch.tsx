/** Events | Identity: the two views of a session, as tabs at the start of the toolbar. */
import type { StatusLight as Light } from '../../lib/shared/identity/sessionStatus';
import { StatusLight } from '../StatusLight';
import { usePanelStore, type PanelView } from './store';

const VIEWS: { id: PanelView; label: string }[] = [
  { id: 'events', label: 'Events' },
  { id: 'identity', label: 'Identity' },
];

/** The light rides on the Identity tab, so a problem is visible from the event list. */
export function ViewSwitch({ light }: { light: Light }) {
  const view = usePanelStore((s) => s.view);
  const setView = usePanelStore((s) => s.setView);
  return (
    <div className="view-switch" role="tablist" aria-label="Panel view">
      {VIEWS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={view === id}
          className={view === id ? 'tab tab--active' : 'tab'}
          onClick={() => setView(id)}
          onKeyDown={(e) => {
            // Arrow keys move between tabs, as in any tablist.
            if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
              e.preventDefault();
              setView(id === 'events' ? 'identity' : 'events');
            }
          }}
        >
          {label}
          {id === 'identity' && <StatusLight light={light} />}
        </button>
      ))}
    </div>
  );
}
