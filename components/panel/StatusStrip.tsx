/** One line above the event list: the session's current verdict (the headline light's) and the way to the Identity view. */
import { useShallow } from 'zustand/react/shallow';
import { STATUS_LIGHTS } from '../../lib/shared/statusLights';
import { StatusLight } from '../StatusLight';
import { selectShownStatus, usePanelStore } from './store';
import './statusStrip.css';

export function StatusStrip() {
  const { status, setView } = usePanelStore(useShallow((s) => ({ status: selectShownStatus(s), setView: s.setView })));
  if (!status) return null;
  return (
    <section className={`status-strip status-strip--${status.light}`} aria-label="Current verdict">
      <StatusLight light={status.light} />
      <span className="status-strip__label">{STATUS_LIGHTS[status.light].label}:</span>
      <span className="status-strip__reason" title={status.reason}>
        {status.reason}
      </span>
      <button type="button" className="link-button" onClick={() => setView('identity')}>
        Identity view
      </button>
    </section>
  );
}
