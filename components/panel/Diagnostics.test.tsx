// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Findings } from './Diagnostics';

afterEach(cleanup);

describe('Findings', () => {
  it('shows the latest finding of a code and the earlier ones on request', () => {
    const changed = (from: string, to: string) => ({ code: 'user-id-changed-without-reset', severity: 'warning' as const, message: `userId changed from '${from}' to '${to}'` });
    render(<Findings findings={[changed('a', 'b'), changed('b', 'c'), changed('c', 'd'), { code: 'segment-without-pf', severity: 'info', message: 'no PF' }]} />);
    expect(screen.getByText(/from 'c' to 'd'/)).toBeTruthy();
    expect(screen.queryByText(/from 'a' to 'b'/)).toBeNull();
    expect(screen.getByText('no PF')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 2 earlier like this' }));
    expect(screen.getByText(/from 'b' to 'c'/)).toBeTruthy();
    expect(screen.getByText(/from 'a' to 'b'/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide 2 earlier like this' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('lists the worst first, each with what to do', () => {
    render(
      <Findings
        findings={[
          { code: 'segment-without-pf', severity: 'info', message: 'no PF' },
          { code: 'email-not-in-pf-user', severity: 'warning', message: 'no email on the PF user' },
          { code: 'would-create-new-user', severity: 'error', message: 'new user' },
        ]}
      />,
    );
    const items = [...document.querySelectorAll('.findings > .finding')];
    expect(items.map((li) => li.querySelector('.finding__code')?.textContent)).toEqual(['would-create-new-user', 'email-not-in-pf-user', 'segment-without-pf']);
    expect(items[1]!.querySelector('.finding__fix')?.textContent).toBe(' What to do: Pass `email` in the PF user object (init / updateUserData).');
  });
});
