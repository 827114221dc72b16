// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importUsersFile } from '../../lib/extension-pages/usersImport';
import { ImportedUsers } from '../../lib/shared/identity/importedUsers';
import { UsersImport } from './UsersImport';

describe('UsersImport', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows a progress bar with the rows read while the worker reads a file, and hides it after', async () => {
    let worker: { onmessage: ((m: { data: unknown }) => void) | null } | null = null;
    vi.stubGlobal(
      'Worker',
      class {
        onmessage: ((m: { data: unknown }) => void) | null = null;
        onerror = null;
        constructor() {
          worker = this;
        }
        postMessage() {}
        terminate() {}
      },
    );
    render(<UsersImport importedUsers={null} onImportUsers={() => {}} importError={null} />);
    expect(screen.queryByRole('status')).toBeNull();
    const done = importUsersFile(new File(['username\nw\n'], 'users.csv'));
    act(() => worker!.onmessage!({ data: { progress: { rows: 250000, fraction: 0.25 } } }));
    expect(screen.getByRole('status').textContent).toBe('250,000 rows read');
    expect((screen.getByLabelText('Reading PF users file') as HTMLProgressElement).value).toBe(0.25);
    await act(async () => {
      worker!.onmessage!({ data: { users: ImportedUsers.fromUsers([{ username: 'w', email: null, line: 2 }]).data, skipped: [], format: 'csv' } });
      await done;
    });
    expect(screen.queryByRole('status')).toBeNull();
  });
});
