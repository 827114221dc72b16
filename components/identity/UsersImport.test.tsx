// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
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

describe('UsersImport column picker', () => {
  afterEach(cleanup);

  it("offers the file's headers when none is recognised, and imports with the picked columns", async () => {
    const calls: unknown[][] = [];
    const file = new File(['Who;Contact\nann;ann@example.com\n'], 'odd.csv');
    const { rerender } = render(<UsersImport importedUsers={null} onImportUsers={(...args) => calls.push(args)} importError={null} />);
    fireEvent.change(screen.getByLabelText('Import PF users (CSV, JSON, NDJSON)'), { target: { files: [file] } });
    rerender(
      <UsersImport
        importedUsers={null}
        onImportUsers={(...args) => calls.push(args)}
        importError={'Not a PF users list (odd.csv); the first row has no username or email column (found ["Who","Contact"]): pick the columns'}
      />,
    );
    const username = await screen.findByLabelText('PF username column');
    fireEvent.change(username, { target: { value: 'Who' } });
    fireEvent.change(screen.getByLabelText('Email column'), { target: { value: 'Contact' } });
    fireEvent.click(screen.getByRole('button', { name: 'Import with these columns' }));
    expect(calls).toEqual([[file], [file, { username: 'Who', email: 'Contact' }]]);
  });
});
