/** PF's three matching steps for one event, each with what it compared and how it ended. */
import type { RuleStep, StepOutcome } from '../../lib/shared/identity/ruleSteps';

const OUTCOMES: Record<StepOutcome, string> = {
  found: 'found',
  'not-found': 'not found',
  skipped: 'skipped',
  'not-reached': 'not reached',
  creates: 'creates a user',
};

export function RulePath({ steps }: { steps: readonly RuleStep[] }) {
  return (
    <ol className="rule-path" aria-label="Matching rule, step by step">
      {steps.map((step) => (
        <li key={step.title} className={`rule-path__step rule-path__step--${step.outcome}`}>
          <span className="rule-path__title">{step.title}</span> <span className="rule-path__outcome">{OUTCOMES[step.outcome]}</span>
          <span className="rule-path__detail">{step.detail}</span>
        </li>
      ))}
    </ol>
  );
}
