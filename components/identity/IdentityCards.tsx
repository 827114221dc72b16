/**
 * Who each side thinks the user is, side by side: Segment's identity (stored in the browser and as
 * the last identify sent it) and the PF user object exactly as the page gave it. Values are shown
 * the way findings quote them, so 42 and '42' read differently.
 */
import { show } from '../../lib/shared/identity/describe';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { readProp } from '../../lib/shared/values';
import { JsonTree } from '../JsonTree';
import { eventIdentity } from '../../lib/shared/identity/webhookIdentity';

function Value({ value }: { value: unknown }) {
  if (typeof value === 'object' && value !== null) return <JsonTree value={value} />;
  return <code className="wrap">{show(value)}</code>;
}

function Facts({ rows }: { rows: readonly [string, unknown][] }) {
  return (
    <dl className="facts">
      {rows.map(([name, value]) => (
        <div key={name} className="facts__pair">
          <dt>{name}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function traitsOf(event: SessionEvent): unknown {
  return readProp(event.sent ?? event.built, 'traits');
}

function SegmentCard({ session, lastIdentify }: { session: SessionDocument; lastIdentify: SessionEvent | null }) {
  const stored = session.segment.identity;
  const sent = lastIdentify && eventIdentity(lastIdentify);
  return (
    <section className="card identity-card identity-card--segment" aria-label="Segment identity">
      <h3>Segment</h3>
      {sent ? (
        <>
          <h4>Last identify ({lastIdentify.sent ? 'as sent' : 'as built'})</h4>
          <Facts rows={[['userId', sent.userId], ['anonymousId', sent.anonymousId], ['email', sent.email], ['traits', traitsOf(lastIdentify)]]} />
        </>
      ) : (
        <p className="empty-note">No identify call captured.</p>
      )}
      {stored && stored.source !== 'none' ? (
        <>
          <h4>Stored in the browser ({stored.source})</h4>
          <Facts rows={[['userId', stored.userId], ['anonymousId', stored.anonymousId], ['groupId', stored.groupId], ['traits', stored.traits]]} />
        </>
      ) : (
        <p className="empty-note">No Segment identity stored in the browser.</p>
      )}
    </section>
  );
}

function PfCard({ session }: { session: SessionDocument }) {
  const user = session.productFruits.user;
  return (
    <section className="card identity-card identity-card--pf" aria-label="Product Fruits user">
      <h3>Product Fruits user on the page</h3>
      {user ? <Facts rows={Object.entries(user)} /> : <p className="empty-note">The page gave Product Fruits no user.</p>}
    </section>
  );
}

export function IdentityCards({ session, lastIdentify }: { session: SessionDocument; lastIdentify: SessionEvent | null }) {
  return (
    <div className="identity-cards">
      <SegmentCard session={session} lastIdentify={lastIdentify} />
      <PfCard session={session} />
    </div>
  );
}
