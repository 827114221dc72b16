// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import type { ImportedPfUser } from '../../lib/shared/identity/importUsers';
import type { WhatIfValues } from '../../lib/extension-pages/identity/whatIf';
import { identitySubject } from '../../lib/shared/session/identitySubject';
import { makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { WhatIfEditor } from './WhatIfEditor';

afterEach(cleanup);

const pageUser = { username: '42', email: 'ann@example.com' };
const session = makeSession({
  productFruits: { ...makeSession().productFruits, user: pageUser, userTimeline: [{ at: '2026-11-29T17:59:00.000Z', via: 'init', user: pageUser, afterSeq: 0 }] },
  events: [makeIdentify(1, '42')],
});

function Editor({ importedUsers = [] }: { importedUsers?: ImportedPfUser[] }) {
  const [values, setValues] = useState<WhatIfValues | null>(null);
  const subject = identitySubject(session, importedUsers, DEFAULT_ASSUMPTIONS);
  return <WhatIfEditor subject={subject} importedUsers={importedUsers} assumptions={DEFAULT_ASSUMPTIONS} values={values} onChange={setValues} />;
}

function verdict() {
  return within(screen.getByLabelText('What-if verdict'));
}

function findingCodes(): string[] {
  return [...document.querySelectorAll('.finding__code')].map((c) => c.textContent ?? '');
}

describe('WhatIfEditor', () => {
  it('starts from the latest identify and lands on the page user', () => {
    render(<Editor />);
    expect(screen.getByText('Follows the session: Latest identify #1.')).toBeTruthy();
    expect((screen.getByLabelText('Segment userId') as HTMLInputElement).value).toBe('42');
    expect((screen.getByLabelText('PF email') as HTMLInputElement).value).toBe('ann@example.com');
    expect(verdict().getByText('email')).toBeTruthy();
    expect(verdict().getByText('yes')).toBeTruthy();
    expect(findingCodes()).toEqual([]);
  });

  it('flags an email that differs only in case, and says it differs from the session', () => {
    render(<Editor />);
    fireEvent.change(screen.getByLabelText('Segment email'), { target: { value: 'Ann@Example.com' } });
    expect(screen.getByText('Edited: differs from the session (Latest identify #1).')).toBeTruthy();
    expect(findingCodes()).toEqual(['email-case-mismatch']);
    expect(verdict().getByText('username')).toBeTruthy();
  });

  it('flags a missing userId and uses the imported users', () => {
    render(<Editor importedUsers={[{ username: '9', email: 'zoe@example.com', line: 2 }]} />);
    fireEvent.change(screen.getByLabelText('Segment userId'), { target: { value: '' } });
    expect(findingCodes()).toContain('user-id-missing');
    fireEvent.change(screen.getByLabelText('Segment email'), { target: { value: 'zoe@example.com' } });
    expect(verdict().getByText("PF user 9, email zoe@example.com")).toBeTruthy();
    const landed = screen.getByText(/the event lands here/).closest('li');
    expect(landed?.textContent).toBe("username '9', email 'zoe@example.com' — the imported list ← the event lands here");
    expect(verdict().getByText('no')).toBeTruthy();
    expect(findingCodes()).toContain('different-person-than-page');
  });

  it('goes back to the session values', () => {
    render(<Editor />);
    fireEvent.change(screen.getByLabelText('PF username'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: "Back to the session's values" }));
    expect((screen.getByLabelText('PF username') as HTMLInputElement).value).toBe('42');
  });
});
