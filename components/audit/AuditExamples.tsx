/** The audit's examples as a virtual list (up to thousands); each opens the rule path of its telling event. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, useState } from 'react';
import type { IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import { ruleSteps } from '../../lib/shared/identity/ruleSteps';
import type { AuditExample } from '../../lib/shared/audit/auditResult';
import { RulePath } from '../identity/RulePath';

const ROW_HEIGHT = 28;
const estimateSize = () => ROW_HEIGHT;

function stepsOf(x: AuditExample, assumptions: IdentityAssumptions) {
  const e = x.event;
  const identity = { type: e.type, userId: e.userId, anonymousId: e.anonymousId, email: e.email ?? undefined };
  return ruleSteps(identity, { rule: e.rule, pfUser: { username: e.pfUser.username, email: e.pfUser.email } }, assumptions);
}

export function AuditExamples({ examples, assumptions }: { examples: readonly AuditExample[]; assumptions: IdentityAssumptions }) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => viewportRef.current, []);
  const [open, setOpen] = useState<AuditExample | null>(null);
  const virtualizer = useVirtualizer({ count: examples.length, getScrollElement, estimateSize, overscan: 8, initialRect: { width: 600, height: 320 } });
  if (examples.length === 0) return <p className="empty-note">No examples in this classification.</p>;
  return (
    <div className="audit__examples">
      <div ref={viewportRef} className="audit__viewport" style={{ height: 320, overflow: 'auto' }} role="list" aria-label="Examples">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const x = examples[item.index] as AuditExample;
            return (
              <div key={item.key} role="listitem" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}>
                <button type="button" className="audit__example" aria-pressed={open === x} onClick={() => setOpen(open === x ? null : x)}>
                  <span className="audit__class">{x.classification}</span> <span className="wrap">{x.segmentUser}</span> → {x.pfUser.username ?? '(no username)'}
                </button>
              </div>
            );
          })}
        </div>
      </div>
      {open && (
        <div className="audit__detail" aria-label="Example detail">
          <p>{open.reason}</p>
          <RulePath steps={stepsOf(open, assumptions)} />
        </div>
      )}
    </div>
  );
}
