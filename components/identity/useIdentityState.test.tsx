// @vitest-environment happy-dom
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { judgedWith, useIdentityState, usersSummary } from './useIdentityState';

const base = makeSession({ events: [makeIdentify(1, '7')] });
const baseStatus = { light: 'green' as const, reason: 'as captured' };
const captured = { document: base, status: baseStatus };

function useBoth() {
  const identity = useIdentityState();
  return { identity, judged: judgedWith(captured, identity) };
}

describe('useIdentityState and judgedWith', () => {
  it('returns the base document untouched while nothing differs from the defaults', () => {
    const { result } = renderHook(useBoth);
    expect(result.current.judged.document).toBe(base);
    expect(result.current.judged.status).toBe(baseStatus);
  });

  it('rejudges with imported users and keeps them when a later import fails', async () => {
    const { result } = renderHook(useBoth);
    await act(() => result.current.identity.importUsers(new File(['username,email\n7,bob@example.com\n,\n'], 'users.csv')));
    expect(usersSummary(result.current.identity.importedUsers)).toEqual({
      count: 1,
      fileName: 'users.csv',
      skipped: [{ line: 3, reason: 'no username and no email' }],
      known: [{ username: '7', email: 'bob@example.com', line: 2 }],
    });
    expect(result.current.judged.document).not.toBe(base);
    expect(result.current.judged.document.events[0]!.verdict!.pfUser).toEqual({ username: '7', email: 'bob@example.com' });

    await act(() => result.current.identity.importUsers(new File(['not,a,list\n'], 'broken.csv')));
    await waitFor(() => expect(result.current.identity.importError).toMatch(/^Not a PF users list.*\(broken\.csv\); the first row has no username or email column/));
    expect(result.current.identity.importedUsers?.fileName).toBe('users.csv');
  });

  it('rejudges when an assumption changes', () => {
    const { result } = renderHook(useBoth);
    act(() => result.current.identity.setAssumptions({ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true }));
    expect(result.current.judged.document.events[0]!.verdict!.assumptions).toContain('email compared ignoring letter case');
  });
});
