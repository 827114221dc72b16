/**
 * Identity tab: where Product Fruits' Segment webhook would put this user, and why — the rule path
 * it took and the known PF users it was judged against, from the same engine replay as the
 * Identity view, and which event the headline is about.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { eventJudgement, subjectEvent } from '../../lib/shared/session/identitySubject';
import type { SessionEvent, Verdict } from '../../lib/shared/session/schema';
import { JudgedAgainst } from '../identity/JudgedAgainst';
import { Findings } from './Diagnostics';
import { VerdictMark } from './Marks';
import { selectJudged, usePanelStore } from './store';

const RULES: Record<Verdict['rule'], string> = {
  email: 'matched by email',
  username: 'matched by username (Segment userId)',
  'new-user': 'no match: Product Fruits would create a new user',
};

export function IdentityView({ event }: { event: SessionEvent }) {
  const verdict = event.verdict;
  const { document, importedUsers, assumptions } = usePanelStore(
    useShallow((s) => ({ document: selectJudged(s)?.document, importedUsers: s.importedUsers, assumptions: s.assumptions })),
  );
  const judged = useMemo(
    () => (document ? eventJudgement(document, event, importedUsers?.users ?? [], assumptions) : null),
    [document, event, importedUsers, assumptions],
  );
  const subject = useMemo(() => (document ? subjectEvent(document.events) : null), [document]);
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
      {subject && (
        <p className="identity-view__subject">
          {subject.id === event.id
            ? `This is the latest identify (#${subject.seq}): the event the headline judges.`
            : `The headline judges the latest identify, #${subject.seq}; this tab judges #${event.seq}.`}
        </p>
      )}
      {judged && <JudgedAgainst judged={judged} />}
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
