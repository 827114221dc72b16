/**
 * "What if the app sent this?": it starts from the session's subject (the latest identify) and
 * follows it until edited; edited, it says that it differs from the session. Edited values are
 * judged against the same known PF users as the subject, the typed PF user standing in for the
 * page's user. The values live in the store's identity slice (`whatIf`, null while following).
 */
import { useMemo } from 'react';
import type { IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import type { ImportedUsersInput } from '../../lib/shared/identity/importedUsers';
import type { IdentitySubject } from '../../lib/shared/session/identitySubject';
import { judgeWhatIf, pageUserOf, sameValues, subjectValues, whatIfKnownUsers, type WhatIfValues } from '../../lib/extension-pages/identity/whatIf';
import { FindingList } from './FindingList';
import { KnownUsers } from './KnownUsers';
import { RulePath } from './RulePath';
import './identity.css';

export interface WhatIfEditorProps {
  subject: IdentitySubject | null;
  importedUsers: ImportedUsersInput;
  assumptions: IdentityAssumptions;
  /** null: follow the session */
  values: WhatIfValues | null;
  onChange(values: WhatIfValues | null): void;
}

const FIELDS: readonly [keyof WhatIfValues, string][] = [
  ['segmentUserId', 'Segment userId'],
  ['segmentEmail', 'Segment email'],
  ['pfUsername', 'PF username'],
  ['pfEmail', 'PF email'],
];

function samePersonText(same: boolean | null): string {
  if (same === null) return 'no PF user on the page to compare with';
  return same ? 'yes' : 'no';
}

function followText(subject: IdentitySubject | null, edited: boolean): string {
  if (!subject) return edited ? 'Your values: the session has no identify to compare with.' : 'The session has no identify yet: type values to try one.';
  return edited ? `Edited: differs from the session (${subject.label}).` : `Follows the session: ${subject.label}.`;
}

export function WhatIfEditor({ subject, importedUsers, assumptions, values, onChange }: WhatIfEditorProps) {
  const fromSession = useMemo(() => subjectValues(subject), [subject]);
  const shown = values ?? fromSession;
  const edited = values !== null && !sameValues(values, fromSession);
  const judgement = useMemo(() => judgeWhatIf(shown, subject, importedUsers, assumptions), [shown, subject, importedUsers, assumptions]);
  const page = pageUserOf(shown);
  const known = useMemo(() => whatIfKnownUsers(subject, page), [subject, page]);

  return (
    <section className="card what-if" aria-label="What if">
      <h3>What if the app sent…</h3>
      <p className={`what-if__follow${edited ? ' what-if__follow--edited' : ''}`} role="status">
        {followText(subject, edited)}
      </p>
      <div className="what-if__inputs">
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input type="text" value={shown[key]} onChange={(e) => onChange({ ...shown, [key]: e.currentTarget.value })} />
          </label>
        ))}
        <button type="button" disabled={values === null} onClick={() => onChange(null)}>
          Back to the session&apos;s values
        </button>
      </div>
      {judgement && (
        <>
          <dl className="facts" aria-label="What-if verdict">
            <dt>Rule</dt>
            <dd>{judgement.verdict.rule}</dd>
            <dt>Lands on</dt>
            <dd>
              {judgement.verdict.pfUser
                ? `PF user ${judgement.verdict.pfUser.username ?? '(no username)'}, email ${judgement.verdict.pfUser.email ?? '(none)'}`
                : 'a new PF user'}
            </dd>
            <dt>Same person as the page</dt>
            <dd>{samePersonText(judgement.verdict.samePersonAsPage)}</dd>
          </dl>
          <RulePath steps={judgement.steps} />
          <h4>Judged against</h4>
          <KnownUsers
            users={known}
            pageUser={page}
            importedCount={subject?.context.importedCount ?? 0}
            landedOn={judgement.verdict.pfUser}
          />
          <h4>Findings</h4>
          <FindingList findings={judgement.verdict.findings} />
          <h4>Assumptions</h4>
          <ul className="what-if__assumptions">
            {judgement.verdict.assumptions.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
