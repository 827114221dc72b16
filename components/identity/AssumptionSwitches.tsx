/**
 * One control per unverified detail of PF's matching rule (lib/shared/identity/assumptions.ts), labelled
 * with the sentence verdicts quote. Checkboxes carry the sentence of their "on" state, so the
 * label does not change under the pointer.
 */
import {
  DEFAULT_ASSUMPTIONS,
  assumptionSentences,
  type IdentityAssumptions,
  type NewUserUsernameSource,
} from '../../lib/shared/identity/assumptions';
import { SEGMENT_SENT_TYPES } from '../../lib/shared/vocabulary';

type Toggle = 'emailCaseInsensitive' | 'emailTrimmed' | 'nullUserIdSkipsUsernameRule' | 'numberIdsMatchText';

const TOGGLES: readonly Toggle[] = ['emailCaseInsensitive', 'emailTrimmed', 'nullUserIdSkipsUsernameRule', 'numberIdsMatchText'];
const USERNAME_SOURCES: readonly NewUserUsernameSource[] = ['userId', 'anonymousId'];

export interface AssumptionSwitchesProps {
  assumptions: IdentityAssumptions;
  onChange(assumptions: IdentityAssumptions): void;
}

export function AssumptionSwitches({ assumptions, onChange }: AssumptionSwitchesProps) {
  const set = (patch: Partial<IdentityAssumptions>) => onChange({ ...assumptions, ...patch });
  const onSentence = (name: Toggle) => assumptionSentences({ ...assumptions, [name]: true })[name];
  const toggleType = (type: string, on: boolean) =>
    set({ eventTypesRead: on ? [...assumptions.eventTypesRead, type] : assumptions.eventTypesRead.filter((t) => t !== type) });

  return (
    <fieldset className="assumptions-switches">
      <legend>Assumptions about PF&apos;s matching (unverified)</legend>
      {TOGGLES.map((name) => (
        <label key={name} className="assumptions-switches__row">
          <input type="checkbox" checked={assumptions[name]} onChange={(e) => set({ [name]: e.currentTarget.checked })} />
          {onSentence(name)}
        </label>
      ))}
      <label className="assumptions-switches__row">
        a PF user created from a webhook event gets username =
        <select
          value={assumptions.newUserUsername}
          onChange={(e) => set({ newUserUsername: e.currentTarget.value as NewUserUsernameSource })}
        >
          {USERNAME_SOURCES.map((source) => (
            <option key={source} value={source}>
              {source}
            </option>
          ))}
        </select>
      </label>
      <div className="assumptions-switches__row" role="group" aria-label="Segment event types PF reads">
        <span>{assumptionSentences(assumptions).eventTypesRead}:</span>
        {SEGMENT_SENT_TYPES.map((type) => (
          <label key={type}>
            <input type="checkbox" checked={assumptions.eventTypesRead.includes(type)} onChange={(e) => toggleType(type, e.currentTarget.checked)} />
            {type}
          </label>
        ))}
      </div>
      <button type="button" onClick={() => onChange(DEFAULT_ASSUMPTIONS)}>
        Strictest reading (defaults)
      </button>
    </fieldset>
  );
}
