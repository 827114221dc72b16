// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Findings } from './Diagnostics';

describe('Findings', () => {
  it('shows the first finding of a code and the rest on request', () => {
    const changed = (from: string, to: string) => ({ code: 'user-id-changed-without-reset', severity: 'warning' as const, message: `userId changed from '${from}' to '${to}'` });
    render(<Findings findings={[changed('a', 'b'), changed('b', 'c'), changed('c', 'd'), { code: 'segment-without-pf', severity: 'info', message: 'no PF' }]} />);
    expect(screen.getByText(/from 'a' to 'b'/)).toBeTruthy();
    expect(screen.queryByText(/from 'b' to 'c'/)).toBeNull();
    expect(screen.getByText('no PF')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 2 more like this' }));
    expect(screen.getByText(/from 'b' to 'c'/)).toBeTruthy();
    expect(screen.getByText(/from 'c' to 'd'/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide 2 more like this' }).getAttribute('aria-expanded')).toBe('true');
  });
});
