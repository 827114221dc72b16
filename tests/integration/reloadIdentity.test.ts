/**
 * Preserve log + reload: each event stays judged against the PF user of its own page, so a
 * correct session does not turn red when the page reloads (issue 13, "Truth over alarm").
 */
import { describe, expect, it } from 'vitest';
import { applyEnvelope, newTabSession } from '../../lib/background/tabSession';
import { toSessionDocument } from '../../lib/background/document';
import type { CaptureEnvelope, CaptureRecord } from '../../lib/shared/captureEnvelope';
import { ENVELOPE_TAG } from '../../lib/shared/pageChannel';
import { DEFAULT_SETTINGS } from '../../lib/shared/messages';

const ann = { username: 'ann', email: 'ann@example.com' };
let cid = 0;

function page(instance: string, records: CaptureRecord[]): CaptureEnvelope {
  return { tag: ENVELOPE_TAG, instance, batch: 0, url: 'http://127.0.0.1/app', title: 'App', top: true, records };
}
const pfUser = (user: unknown): CaptureRecord => ({ kind: 'pf-user', at: Date.now(), via: 'init', user });
const identify = (userId: string, email: string): CaptureRecord => ({
  kind: 'call', cid: ++cid, at: Date.now(), source: 'segment', method: 'identify', args: [userId, { email }], via: 'instance', globalName: 'analytics',
});

describe('preserve log + reload', () => {
  it('keeps the earlier page judged against its own PF user', () => {
    const session = newTabSession(1);
    const settings = { ...DEFAULT_SETTINGS, preserveLog: true };
    applyEnvelope(session, page('page-1', [pfUser(ann), identify('ann', 'ann@example.com')]), settings);
    applyEnvelope(session, page('page-2', [identify('ann', 'ann@example.com'), pfUser(ann)]), settings);
    const { document, status } = toSessionDocument(session, { now: new Date(), settings });
    const [first, second] = document.events;
    expect(first?.verdict).toMatchObject({ rule: 'email', samePersonAsPage: true, findings: [] });
    // the reloaded page's identify came before that page set its PF user: judged against no page user
    expect(second?.verdict?.samePersonAsPage).toBeNull();
    expect(second?.verdict?.findings.map((f) => f.severity)).not.toContain('error');
    expect(status.light).not.toBe('red');
    expect(document.productFruits.user).toEqual(ann);
  });

  it('without preserve log, the new page starts with a clean PF user timeline', () => {
    const session = newTabSession(1);
    const settings = { ...DEFAULT_SETTINGS, preserveLog: false };
    applyEnvelope(session, page('page-1', [pfUser(ann), identify('ann', 'ann@example.com')]), settings);
    applyEnvelope(session, page('page-2', [identify('bob', 'bob@example.com')]), settings);
    const { document } = toSessionDocument(session, { now: new Date(), settings });
    expect(document.events).toHaveLength(1);
    expect(document.productFruits.userTimeline).toEqual([]);
  });
});
