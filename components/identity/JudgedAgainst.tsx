/** The rule path a judged event took and the known PF users it was judged against (the Identity view and an event's Identity tab show the same). */
import type { EventJudgement } from '../../lib/shared/session/identitySubject';
import { KnownUsers } from './KnownUsers';
import { RulePath } from './RulePath';

export function JudgedAgainst({ judged }: { judged: EventJudgement }) {
  return (
    <>
      <RulePath steps={judged.judgement.steps} />
      <h4>Judged against</h4>
      <KnownUsers users={judged.context.knownUsers} pageUser={judged.context.pageUser} importedCount={judged.context.importedCount} landedOn={judged.judgement.verdict.pfUser} />
    </>
  );
}
