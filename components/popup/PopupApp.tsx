/**
 * The toolbar popup: the page's story at a glance (the status light, counts, both libraries,
 * the last few events), for when DevTools is closed or the panel cannot appear.
 */
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { sessionFindings } from '../../lib/shared/session/findings';
import { isSuperseded, subjectSeq } from '../../lib/extension-pages/panel/severity';
import { SegmentLibraryFacts } from '../panel/SegmentCard';
import { DeliveryMark, SourceBadge, VerdictMark } from '../panel/Marks';
import { StatusLight } from '../StatusLight';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import '../panel/panel.css';
import './popup.css';

/** The light and its one-sentence reason, as the background judged the tab. */
export type PopupStatus = Pick<SessionStatus, 'light' | 'reason'>;

export interface PopupAppProps {
  /** null: the page cannot be inspected, or (with `loading`) its session has not arrived yet */
  session: SessionDocument | null;
  loading?: boolean;
  /** the background's answer failed: said, rather than "can't be inspected" */
  error?: string | null;
  status: PopupStatus | null;
  onOpenFullView: () => void;
  /** opens the diagnose page, which needs no tab */
  onDiagnose: () => void;
  themeName?: 'default' | 'dark';
  /** the tab shows a page no extension may run on (`canRunOn`) */
  restricted?: boolean;
}

const RECENT = 5;

export function PopupApp({ session, loading = false, error = null, status, onOpenFullView, onDiagnose, themeName, restricted = false }: PopupAppProps) {
  return (
    <div className="popup" data-theme={themeName === 'dark' ? 'dark' : 'light'}>
      {status && !restricted && <StatusLight light={status.light} reason={status.reason} live />}
      {restricted ? (
        <p className="empty-note" role="status">
          The extension can&apos;t run on this page: browser pages (chrome://, about:) and the extension stores are off limits to every extension. Open the web app you are testing.
        </p>
      ) : session ? (
        <PageSummary session={session} />
      ) : error ? (
        <p className="empty-note" role="alert">The background could not answer: {error}</p>
      ) : loading ? (
        <p className="empty-note">Loading…</p>
      ) : (
        <p className="empty-note">This page can&apos;t be inspected (browser pages and the web store are off limits)</p>
      )}
      <button type="button" className="popup__open" onClick={onOpenFullView}>
        Open full view
      </button>
      <a
        className="popup__diagnose"
        href="/diagnose.html"
        onClick={(e) => {
          // A popup cannot navigate itself into a page; the diagnose page opens in a tab instead.
          e.preventDefault();
          onDiagnose();
        }}
      >
        Diagnose pasted events
      </a>
    </div>
  );
}

function PageSummary({ session }: { session: SessionDocument }) {
  const { segment, productFruits: pf, events } = session;
  const recent = events.slice(-RECENT).reverse();
  const lightSubject = subjectSeq(events);
  return (
    <>
      <Counts session={session} />
      <section className="popup__section" aria-label="Segment">
        <h2>Segment</h2>
        {segment.detected ? (
          <dl className="facts">
            <SegmentLibraryFacts segment={segment} />
            <dt>Events</dt>
            <dd>{events.length}</dd>
          </dl>
        ) : (
          <p className="empty-note">Segment isn&apos;t on this page: no Segment library or call was seen.</p>
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
              <RecentEvent key={event.id} event={event} superseded={isSuperseded(event, lightSubject)} />
            ))}
          </ol>
        ) : (
          <p className="empty-note">No events captured yet. Reload the page to capture from the start.</p>
        )}
      </section>
    </>
  );
}

function Counts({ session }: { session: SessionDocument }) {
  const segmentEvents = session.events.filter((e) => e.source === 'segment').length;
  const undelivered = session.events.filter((e) => e.delivery?.status === 'failed' || e.delivery?.status === 'blocked').length;
  const findings = sessionFindings(session).length;
  const counts: [string, number, boolean][] = [
    ['Segment events', segmentEvents, false],
    ['PF events', session.events.length - segmentEvents, false],
    ['Failed or blocked', undelivered, undelivered > 0],
    ['Findings', findings, findings > 0],
  ];
  return (
    <ul className="popup__counts" aria-label="Counts">
      {counts.map(([label, count, flagged]) => (
        <li key={label} className={flagged ? 'popup__count popup__count--flagged' : 'popup__count'}>
          <span className="popup__count-value">{count}</span>
          <span className="popup__count-label">{label}</span>
        </li>
      ))}
    </ul>
  );
}

function RecentEvent({ event, superseded }: { event: SessionEvent; superseded: boolean }) {
  return (
    <li className="popup__event">
      <SourceBadge source={event.source} />
      <span className="popup__event-name">
        {event.type}
        {event.name !== null ? ` ${event.name}` : ''}
      </span>
      <DeliveryMark delivery={event.delivery} />
      {event.verdict && <VerdictMark verdict={event.verdict} superseded={superseded} />}
    </li>
  );
}

function text(value: unknown): string {
  if (value === undefined || value === null) return 'none';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
