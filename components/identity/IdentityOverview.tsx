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
import { FindingList } from './FindingList';
import { IdentityCards } from './IdentityCards';
import { IdentityTimeline } from './IdentityTimeline';
import { sessionFindings } from '../../lib/shared/session/findings';
import type { IdentitySubject } from '../../lib/shared/session/identitySubject';
import { JudgedAgainst } from './JudgedAgainst';
import { StatusLight } from '../StatusLight';
import type { UserColumns } from '../../lib/shared/identity/importUsers';
import type { ImportedUsersSummary } from './useIdentityState';
import { UsersImport } from './UsersImport';
import './identity.css';

export interface IdentityOverviewProps {
  session: SessionDocument;
  /** the latest identify with what it was judged against (`identitySubject`) */
  subject: IdentitySubject | null;
  status: SessionStatus;
  assumptions: IdentityAssumptions;
  onAssumptionsChange(assumptions: IdentityAssumptions): void;
  importedUsers: ImportedUsersSummary | null;
  onImportUsers(file: File, columns?: UserColumns): void;
  importError: string | null;
  onSelectEvent?(eventId: string): void;
}

export function IdentityOverview({
  session,
  subject,
  status,
  assumptions,
  onAssumptionsChange,
  importedUsers,
  onImportUsers,
  importError,
  onSelectEvent,
}: IdentityOverviewProps) {
  const findings = useMemo(() => sessionFindings(session), [session]);
  // Nothing known from the page or a list: whether PF has the user can't be told, so the import comes first.
  const cantTell = subject !== null && subject.context.pageUser === null && !subject.context.index.knowsUsersFromOutside;
  const usersSection = (
    <section className={`card${cantTell ? ' identity-overview__cant-tell' : ''}`} aria-label="Imported PF users">
      <h3>Known PF users</h3>
      {cantTell && (
        <p className="identity-overview__cant-tell-note">
          Can&apos;t tell: import the PF users list or type the PF user (in the what-if). The page set no PF user and no list is imported, so an existing
          PF user looks new.
        </p>
      )}
      <UsersImport importedUsers={importedUsers} onImportUsers={onImportUsers} importError={importError} />
    </section>
  );

  return (
    <div className="identity-overview">
      <StatusLight light={status.light} reason={status.reason} />
      {cantTell && usersSection}
      <IdentityCards session={session} lastIdentify={subject?.event ?? null} />

      <section className="card" aria-label="Matching rule">
        <h3>How PF&apos;s webhook matches the latest identify</h3>
        {subject ? (
          <>
            <p className="identity-overview__event">
              {subject.label}:{' '}
              {onSelectEvent ? (
                <button type="button" onClick={() => onSelectEvent(subject.event.id)}>
                  show event #{subject.event.seq}
                </button>
              ) : (
                <code>{subject.event.id}</code>
              )}
            </p>
            <JudgedAgainst judged={subject} />
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

      {!cantTell && usersSection}
    </div>
  );
}
