import { describe, expect, it, vi } from 'vitest';
import type { Messenger } from '../lib/extension-pages/sessionClient';
import type { RuntimeMessage } from '../lib/shared/messages';
import { makeSession } from '../tests/support/sessionFactory';
import { followTab, type TabSessionState } from './useTabSession';

const status = { light: 'grey' as const, reason: 'Nothing to judge yet.' };

/** A background that answers every session:get with the whole document, and can announce changes. */
function fakeBackground() {
  let listener: ((message: unknown) => void) | null = null;
  let rev = 0;
  const messenger: Messenger = {
    send: vi.fn(async (message: RuntimeMessage) => {
      if (message.type !== 'session:get') return undefined;
      rev++;
      return { document: makeSession(), status, delta: { epoch: 'e', rev, firstSeq: 0, total: 0, full: true, nextSeq: null } };
    }),
    onMessage: (next) => {
      listener = next;
      return () => (listener = null);
    },
  };
  return { messenger, listening: () => listener !== null };
}

describe('followTab', () => {
  it('reports each answer, refreshes on request, and stops listening and reporting when stopped', async () => {
    const { messenger, listening } = fakeBackground();
    const reports: TabSessionState[] = [];
    const follow = followTab(messenger, 7, (state) => reports.push(state));
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toMatchObject({ error: null, answer: { rev: 1 } });
    await follow.refresh();
    expect(reports[1]).toMatchObject({ answer: { rev: 2 } });
    follow.stop();
    expect(listening()).toBe(false);
    await follow.refresh();
    expect(reports).toHaveLength(2);
  });
});
