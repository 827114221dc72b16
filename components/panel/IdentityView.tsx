/** Identity tab: where Product Fruits' Segment webhook would put this user, and why. */
import type { Verdict } from '../../lib/shared/session/schema';
import { Findings } from './Diagnostics';
import { VerdictMark } from './Marks';

const RULES: Record<Verdict['rule'], string> = {
  email: 'matched by email',
  username: 'matched by username (Segment userId)',
  'new-user': 'no match: Product Fruits would create a new user',
};

export function IdentityView({ verdict }: { verdict: Verdict | null | undefined }) {
  if (!verdict) {
    return <p className="empty-note">No identity verdict: only identify calls and events carrying a user get one.</p>;
  }
  return (
    <div className="identity-view">
      <p className="identity-view__summary">
        <VerdictMark verdict={verdict} /> {samePersonText(verdict.samePersonAsPage)}
      </p>
      <dl className="facts">
        <dt>Rule</dt>
        <dd>
          {verdict.rule} — {RULES[verdict.rule]}
        </dd>
        <dt>PF user</dt>
        <dd>
          {verdict.pfUser ? (
            <>
              username <code>{verdict.pfUser.username ?? 'none'}</code>, email <code>{verdict.pfUser.email ?? 'none'}</code>
            </>
          ) : (
            'none (new user)'
          )}
        </dd>
      </dl>
      <h4>Findings</h4>
      {verdict.findings.length > 0 ? <Findings findings={verdict.findings} /> : <p className="empty-note">No findings.</p>}
      {verdict.assumptions.length > 0 && (
        <>
          <h4>Assumptions</h4>
          <ul className="assumptions">
            {verdict.assumptions.map((assumption, i) => (
              <li key={i}>{assumption}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function samePersonText(same: boolean | null): string {
  if (same === true) return 'Same person as the Product Fruits user on this page.';
  if (same === false) return 'A different person from the Product Fruits user on this page.';
  return 'Cannot tell whether this is the Product Fruits user on this page.';
}
