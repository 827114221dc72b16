// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { WhatIfEditor } from './WhatIfEditor';

afterEach(cleanup);

const session = makeSession({ events: [makeIdentify(1, '42')] });

function verdict() {
  return within(screen.getByLabelText('What-if verdict'));
}

function findingCodes(): string[] {
  return [...document.querySelectorAll('.finding__code')].map((c) => c.textContent ?? '');
}

describe('WhatIfEditor', () => {
  it('starts from the session values and lands on the page user', () => {
    render(<WhatIfEditor session={session} importedUsers={[]} assumptions={DEFAULT_ASSUMPTIONS} />);
    expect((screen.getByLabelText('Segment userId') as HTMLInputElement).value).toBe('42');
    expect((screen.getByLabelText('PF email') as HTMLInputElement).value).toBe('ann@example.com');
    expect(verdict().getByText('email')).toBeTruthy();
    expect(verdict().getByText('yes')).toBeTruthy();
    expect(findingCodes()).toEqual([]);
  });

  it('flags an email that differs only in case', () => {
    render(<WhatIfEditor session={session} importedUsers={[]} assumptions={DEFAULT_ASSUMPTIONS} />);
    fireEvent.change(screen.getByLabelText('Segment email'), { target: { value: 'Ann@Example.com' } });
    expect(findingCodes()).toEqual(['email-case-mismatch']);
    expect(verdict().getByText('username')).toBeTruthy();
  });

  it('flags a missing userId and uses the imported users', () => {
    render(<WhatIfEditor session={session} importedUsers={[{ username: '9', email: 'zoe@example.com', line: 2 }]} assumptions={DEFAULT_ASSUMPTIONS} />);
    fireEvent.change(screen.getByLabelText('Segment userId'), { target: { value: '' } });
    expect(findingCodes()).toContain('user-id-missing');
    fireEvent.change(screen.getByLabelText('Segment email'), { target: { value: 'zoe@example.com' } });
    expect(verdict().getByText("PF user 9, email zoe@example.com")).toBeTruthy();
    expect(verdict().getByText('no')).toBeTruthy();
    expect(findingCodes()).toContain('different-person-than-page');
  });

  it('goes back to the session values', () => {
    render(<WhatIfEditor session={session} importedUsers={[]} assumptions={DEFAULT_ASSUMPTIONS} />);
    fireEvent.change(screen.getByLabelText('PF username'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: "Back to the session's values" }));
    expect((screen.getByLabelText('PF username') as HTMLInputElement).value).toBe('42');
  });
});
