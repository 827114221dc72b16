/** The PF users one judgement was made against, each with where it came from, the one it landed on marked. */
import type { KnownPfUser } from '../../lib/shared/identity/pfUserIndex';
import type { PfUser, PfUserRef } from '../../lib/shared/session/schema';
import { knownUserSource, knownUserText, matchedKnownUser } from '../../lib/shared/session/identitySubject';

export interface KnownUsersProps {
  users: readonly KnownPfUser[];
  pageUser: PfUser | null;
  importedCount: number;
  /** the existing user the verdict landed on (null: a new user) */
  landedOn: PfUserRef | null;
}

const LANDS = <strong className="known-users__lands"> ← the event lands here</strong>;

export function KnownUsers({ users, pageUser, importedCount, landedOn }: KnownUsersProps) {
  if (users.length === 0 && importedCount === 0) {
    return <p className="empty-note known-users">Known PF users: none (the page set no PF user and no PF users list is imported).</p>;
  }
  const matched = matchedKnownUser(landedOn, users);
  return (
    <ul className="known-users" aria-label="Known PF users">
      {users.map((user, i) => (
        <li key={i}>
          <code className="wrap">{knownUserText(user)}</code> <span className="known-users__source">— {knownUserSource(user, pageUser)}</span>
          {user === matched && LANDS}
        </li>
      ))}
      {importedCount > 0 && landedOn && !matched && (
        <li>
          <code className="wrap">{knownUserText(landedOn)}</code> <span className="known-users__source">— the imported list</span>
          {LANDS}
        </li>
      )}
      {importedCount > 0 && (
        <li>
          {importedCount === 1 ? '1 PF user' : `${importedCount} PF users`} <span className="known-users__source">— the imported list</span>
        </li>
      )}
    </ul>
  );
}
