/**
 * The identity page of a session: who Segment and Product Fruits each think the user is, where
 * PF's webhook would put the latest identify and why, every finding, how identities changed over
 * time, and the controls that re-judge it (assumptions, imported PF users).
 */
import { useMemo } from 'react';
import type { IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import type { SessionStatus } from '../../lib/shared/identity/sessionStatus';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { AssumptionSwitches } from './AssumptionSwitches';
import { latestJudgedIdentify } from '../../lib/extension-pages/identity/latestIdentify';
import { eventIdentity } from '../../lib/shared/identity/webhookIdentity';
import { FindingList } from './FindingList';
import { IdentityCards } from './IdentityCards';
import { IdentityTimeline } from './IdentityTimeline';
import { RulePath } from './RulePath';
import { sessionFindings } from '../../lib/shared/session/findings';
import { ruleSteps } from '../../lib/shared/identity/ruleSteps';
import { StatusLight } from '../StatusLight';
import type { ImportedUsersSummary } from './useIdentityState';
import { UsersImport } from './UsersImport';
import './identity.css';

export interface IdentityOverviewProps {
  session: SessionDocument;
  status: SessionStatus;
  assumptions: IdentityAssumptions;
  onAssumptionsChange(assumptions: IdentityAssumptions): void;
  importedUsers: ImportedUsersSummary | null;
  onImportUsers(file: File): void;
  importError: string | null;
  onSelectEvent?(eventId: string): void;
}

export function IdentityOverview({
  session,
  status,
  assumptions,
  onAssumptionsChange,
  importedUsers,
  onImportUsers,
  importError,
  onSelectEvent,
}: IdentityOverviewProps) {
  const lastIdentify = useMemo(() => latestJudgedIdentify(session.events), [session.events]);
  const findings = useMemo(() => sessionFindings(session), [session]);

  return (
    <div className="identity-overview">
      <StatusLight light={status.light} reason={status.reason} />
      <IdentityCards session={session} lastIdentify={lastIdentify} />

      <section className="card" aria-label="Matching rule">
        <h3>How PF&apos;s webhook matches the latest identify</h3>
        {lastIdentify?.verdict ? (
          <>
            <p className="identity-overview__event">
              Event{' '}
              {onSelectEvent ? (
                <button type="button" onClick={() => onSelectEvent(lastIdentify.id)}>
                  {lastIdentify.id}
                </button>
              ) : (
                <code>{lastIdentify.id}</code>
              )}
            </p>
            <RulePath steps={ruleSteps(eventIdentity(lastIdentify), lastIdentify.verdict, assumptions)} />
          </>
        ) : (
          <p className="empty-note">No identify call with a verdict yet.</p>
        )}
      </section>

      <section className="card" aria-label="Findings">
        <h3>Findings</h3>
        <FindingList findings={findings} empty="No findings: nothing wrong or fragile was seen." />
      </section>

      <section className="card" aria-label="Identity timeline">
        <h3>Identity changes</h3>
        <IdentityTimeline session={session} onSelectEvent={onSelectEvent} />
      </section>

      <section className="card" aria-label="Assumptions">
        <AssumptionSwitches assumptions={assumptions} onChange={onAssumptionsChange} />
      </section>

      <section className="card" aria-label="Imported PF users">
        <h3>Known PF users</h3>
        <UsersImport importedUsers={importedUsers} onImportUsers={onImportUsers} importError={importError} />
      </section>
    </div>
  );
}
