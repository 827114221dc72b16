/**
 * "What if the app sent this?": edit the Segment userId and email and the page's PF user, and see
 * at once where PF's webhook would put an identify with those values. The edited PF user is the
 * page's user and joins the imported users as a known user, as it would on the real page.
 */
import { useMemo, useState } from 'react';
import type { IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import type { ImportedUsersInput } from '../../lib/shared/identity/importedUsers';
import { judgeIdentity } from '../../lib/shared/identity/matchIdentity';
import { buildPfUserIndex } from '../../lib/shared/identity/pfUserIndex';
import type { WebhookIdentity } from '../../lib/shared/identity/webhookIdentity';
import type { PfUser, SessionDocument } from '../../lib/shared/session/schema';
import { latestJudgedIdentify } from '../../lib/extension-pages/identity/latestIdentify';
import { eventIdentity } from '../../lib/shared/identity/webhookIdentity';
import { FindingList } from './FindingList';
import { RulePath } from './RulePath';
import './identity.css';

export interface WhatIfEditorProps {
  session: SessionDocument;
  importedUsers: ImportedUsersInput;
  assumptions: IdentityAssumptions;
}

interface Values {
  segmentUserId: string;
  segmentEmail: string;
  pfUsername: string;
  pfEmail: string;
}

const FIELDS: readonly [keyof Values, string][] = [
  ['segmentUserId', 'Segment userId'],
  ['segmentEmail', 'Segment email'],
  ['pfUsername', 'PF username'],
  ['pfEmail', 'PF email'],
];

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

function sessionValues(session: SessionDocument): Values {
  const identify = latestJudgedIdentify(session.events);
  const sent = identify ? eventIdentity(identify) : null;
  const stored = session.segment.identity;
  const storedEmail = (stored?.traits as { email?: unknown } | null | undefined)?.email;
  const pf = session.productFruits.user;
  return {
    segmentUserId: asText(sent ? sent.userId : stored?.userId),
    segmentEmail: asText(sent ? sent.email : storedEmail),
    pfUsername: asText(pf?.username),
    pfEmail: asText(pf?.email),
  };
}

/** An empty field means "not sent", as identify(traits) sends userId null. */
function identityOf(values: Values): WebhookIdentity {
  return {
    type: 'identify',
    userId: values.segmentUserId === '' ? null : values.segmentUserId,
    anonymousId: undefined,
    email: values.segmentEmail === '' ? undefined : values.segmentEmail,
  };
}

function pageUserOf(values: Values): PfUser | null {
  if (values.pfUsername === '' && values.pfEmail === '') return null;
  return { username: values.pfUsername === '' ? null : values.pfUsername, email: values.pfEmail === '' ? null : values.pfEmail };
}

function samePersonText(same: boolean | null): string {
  if (same === null) return 'no PF user on the page to compare with';
  return same ? 'yes' : 'no';
}

export function WhatIfEditor({ session, importedUsers, assumptions }: WhatIfEditorProps) {
  const [values, setValues] = useState(() => sessionValues(session));
  const { verdict, steps } = useMemo(() => {
    const page = pageUserOf(values);
    const timeline = page ? [{ at: '', via: 'what-if', user: page, afterSeq: 0 }] : [];
    return judgeIdentity(identityOf(values), buildPfUserIndex(importedUsers, timeline), page, assumptions);
  }, [values, importedUsers, assumptions]);

  return (
    <section className="card what-if" aria-label="What if">
      <h3>What if the app sent…</h3>
      <div className="what-if__inputs">
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input type="text" value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.currentTarget.value })} />
          </label>
        ))}
        <button type="button" onClick={() => setValues(sessionValues(session))}>
          Back to the session&apos;s values
        </button>
      </div>
      <dl className="facts" aria-label="What-if verdict">
        <dt>Rule</dt>
        <dd>{verdict.rule}</dd>
        <dt>Lands on</dt>
        <dd>{verdict.pfUser ? `PF user ${verdict.pfUser.username ?? '(no username)'}, email ${verdict.pfUser.email ?? '(none)'}` : 'a new PF user'}</dd>
        <dt>Same person as the page</dt>
        <dd>{samePersonText(verdict.samePersonAsPage)}</dd>
      </dl>
      <RulePath steps={steps} />
      <h4>Findings</h4>
      <FindingList findings={verdict.findings} />
      <h4>Assumptions</h4>
      <ul className="what-if__assumptions">
        {verdict.assumptions.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </section>
  );
}
