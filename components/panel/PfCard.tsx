/** The Product Fruits block: how PF is loaded on the page, who its user is, and how that changed. */
import type { PfInfo, PfUser } from '../../lib/shared/session/schema';
import { describePfUser, pfFieldText } from '../../lib/extension-pages/panel/pfUser';
import { zoneLabel } from '../../lib/extension-pages/panel/time';
import { Timestamp, useTimeHeading } from './Timestamp';

export function PfCard({ productFruits: pf }: { productFruits: PfInfo }) {
  if (!pf.detected) {
    // No PF user timeline at all: nothing watched the page (a HAR holds network requests only).
    const unknown = pf.userTimeline === undefined;
    return (
      <section className="card pf-card" aria-label="Product Fruits">
        <h3>Product Fruits</h3>
        <p className="empty-note">
          {unknown
            ? "Unknown: a HAR holds only network requests, so whether Product Fruits was on the page (and its user) can't be told. Import the PF users list or type the PF user to judge identities."
            : 'Product Fruits was not found on this page.'}
        </p>
      </section>
    );
  }
  const timeline = pf.userTimeline ?? [];
  return <DetectedPfCard productFruits={pf} timeline={timeline} />;
}

function DetectedPfCard({ productFruits: pf, timeline }: { productFruits: PfInfo; timeline: NonNullable<PfInfo['userTimeline']> }) {
  const heading = useTimeHeading(zoneLabel(new Date(timeline[0]?.at ?? Date.now())));
  return (
    <section className="card pf-card" aria-label="Product Fruits">
      <h3>Product Fruits</h3>
      <dl className="facts">
        <dt>Snippet</dt>
        <dd>{pf.snippet ?? 'unknown'}</dd>
        <dt>Workspace</dt>
        <dd>{pf.workspaceCode ?? 'unknown'}</dd>
        <dt>Language</dt>
        <dd>{pf.language ?? 'unknown'}</dd>
        <dt>Ready</dt>
        <dd>{pf.ready ? 'yes' : 'not yet'}</dd>
      </dl>
      <h4>Current user</h4>
      <UserFields user={pf.user} />
      <h4>User changes{timeline.length > 0 && ` (times ${heading.startsWith('from') ? heading : `in ${heading}`})`}</h4>
      {timeline.length > 0 ? (
        <ol className="pf-timeline">
          {timeline.map((change, i) => (
            <li key={i}>
              <Timestamp className="pf-timeline__when" iso={change.at} /> <code>{change.via}</code> after event #{change.afterSeq}:{' '}
              {describePfUser(change.user)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty-note">The page has not changed the Product Fruits user.</p>
      )}
    </section>
  );
}

function UserFields({ user }: { user: PfUser | null }) {
  if (!user) return <p className="empty-note">No user given to Product Fruits.</p>;
  return (
    <dl className="facts pf-user">
      {Object.entries(user).map(([key, value]) => (
        <div key={key} className="facts__pair">
          <dt>{key}</dt>
          <dd>{pfFieldText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
