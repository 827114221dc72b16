/**
 * The toolbar popup: the page's story at a glance (both libraries, the status light, the last
 * few events), for when DevTools is closed or the panel cannot appear.
 */
import type { SessionDocument, SessionEvent } from '../../lib/session/schema';
import { loadedAs } from '../panel/SegmentCard';
import { DeliveryMark, SourceBadge, VerdictMark } from '../panel/Marks';
import '../panel/panel.css';
import './popup.css';

export interface PopupStatus {
  light: 'green' | 'amber' | 'red' | 'grey';
  /** one sentence saying why */
  reason: string;
}

export interface PopupAppProps {
  session: SessionDocument | null;
  status: PopupStatus | null;
  onOpenFullView: () => void;
  themeName?: 'default' | 'dark';
}

const RECENT = 5;

export function PopupApp({ session, status, onOpenFullView, themeName }: PopupAppProps) {
  return (
    <div className="popup" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      {status && <StatusLight status={status} />}
      {session ? <PageSummary session={session} /> : <p className="empty-note">This page can't be inspected (browser pages and the web store are off limits)</p>}
      <button type="button" className="popup__open" onClick={onOpenFullView}>
        Open full view
      </button>
    </div>
  );
}

function StatusLight({ status }: { status: PopupStatus }) {
  return (
    <p className={`status-light status-light--${status.light}`} role="status">
      <span className="status-light__dot" aria-label={`Status ${status.light}`} role="img" />
      <span>{status.reason}</span>
    </p>
  );
}

function PageSummary({ session }: { session: SessionDocument }) {
  const { segment, productFruits: pf, events } = session;
  const recent = events.slice(-RECENT).reverse();
  return (
    <>
      <section className="popup__section" aria-label="Segment">
        <h2>Segment</h2>
        {segment.detected ? (
          <dl className="facts">
            <dt>Library</dt>
            <dd>
              {segment.library}
              {segment.version ? ` ${segment.version}` : ''}
            </dd>
            <dt>Write key</dt>
            <dd>
              <code>{segment.writeKey ?? 'unknown'}</code>
            </dd>
            <dt>Loaded as</dt>
            <dd>{loadedAs(segment)}</dd>
            <dt>Events</dt>
            <dd>{events.length}</dd>
          </dl>
        ) : (
          <p className="empty-note">Segment not found on this page.</p>
        )}
      </section>
      <section className="popup__section" aria-label="Product Fruits">
        <h2>Product Fruits</h2>
        {pf.detected ? (
          <dl className="facts">
            <dt>Workspace</dt>
            <dd>{pf.workspaceCode ?? 'unknown'}</dd>
            <dt>Username</dt>
            <dd>{text(pf.user?.username)}</dd>
            <dt>Email</dt>
            <dd>{text(pf.user?.email)}</dd>
          </dl>
        ) : (
          <p className="empty-note">Product Fruits not found on this page.</p>
        )}
      </section>
      <section className="popup__section" aria-label="Last events">
        <h2>Last events</h2>
        {recent.length > 0 ? (
          <ol className="popup__events">
            {recent.map((event) => (
              <RecentEvent key={event.id} event={event} />
            ))}
          </ol>
        ) : (
          <p className="empty-note">No events captured yet. Reload the page to capture from the start.</p>
        )}
      </section>
    </>
  );
}

function RecentEvent({ event }: { event: SessionEvent }) {
  return (
    <li className="popup__event">
      <SourceBadge source={event.source} />
      <span className="popup__event-name">
        {event.type}
        {event.name !== null ? ` ${event.name}` : ''}
      </span>
      <DeliveryMark delivery={event.delivery} />
      {event.verdict && <VerdictMark verdict={event.verdict} />}
    </li>
  );
}

function text(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
