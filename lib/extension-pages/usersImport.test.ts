import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportedUsers } from '../shared/identity/importedUsers';
import { importProgress, importUsersFile } from './usersImport';

function file(body: string, name: string): File {
  return new File([body], name);
}

describe('importUsersFile', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('parses in-thread when there is no Worker', async () => {
    const parsed = await importUsersFile(file('username,email\n42,ann@example.com\n,\n', 'users.csv'));
    expect(parsed.format).toBe('csv');
    expect([...parsed.users]).toEqual([{ username: '42', email: 'ann@example.com', line: 2 }]);
    expect(parsed.skipped).toEqual([{ line: 3, reason: 'no username and no email' }]);
  });

  it('rejects an unknown file with a clear message', async () => {
    await expect(importUsersFile(file('name;plan\nAnn;pro\n', 'people.csv'))).rejects.toThrow(/^Not a PF users list.*\(people\.csv\).*no username or email column/);
    await expect(importUsersFile(file('[{"username": ', 'users.json'))).rejects.toThrow(/the JSON array does not parse/);
  });

  it('rejects a list in which every row was skipped', async () => {
    await expect(importUsersFile(file('[{"name": "Ann"}]', 'users.json'))).rejects.toThrow('No PF users in users.json: 1 row(s) skipped (first: line 1, no username and no email).');
  });

  it('hands the file to the worker, shows its progress and returns its indexed answer', async () => {
    const posted: unknown[] = [];
    const seen: unknown[] = [];
    class FakeWorker {
      onmessage: ((m: { data: unknown }) => void) | null = null;
      onerror: ((e: { message: string }) => void) | null = null;
      terminated = false;
      constructor(readonly url: URL, readonly options: WorkerOptions) {}
      postMessage(data: unknown) {
        posted.push(data);
        queueMicrotask(() => {
          this.onmessage?.({ data: { progress: { rows: 1, fraction: 0.5 } } });
          seen.push(importProgress.get());
          this.onmessage?.({ data: { users: ImportedUsers.fromUsers([{ username: 'w', email: null, line: 2 }]).data, skipped: [], format: 'csv' } });
        });
      }
      terminate() {
        this.terminated = true;
      }
    }
    vi.stubGlobal('Worker', FakeWorker);
    const input = file('username\nw\n', 'users.csv');
    const parsed = await importUsersFile(input);
    expect(posted).toEqual([{ file: input, columns: undefined }]);
    expect(parsed.users.user(0).username).toBe('w');
    expect(parsed.users.rowsByUsername('w')).toEqual([0]);
    expect(seen).toEqual([{ rows: 1, fraction: 0.5 }]);
    expect(importProgress.get()).toBeNull();
  });

  it('turns a worker crash into an error', async () => {
    class CrashingWorker {
      onerror: ((e: { message: string }) => void) | null = null;
      onmessage = null;
      postMessage() {
        queueMicrotask(() => this.onerror?.({ message: '' }));
      }
      terminate() {}
    }
    vi.stubGlobal('Worker', CrashingWorker);
    await expect(importUsersFile(file('x', 'users.csv'))).rejects.toThrow('Could not parse users.csv: the parser stopped unexpectedly');
  });
});
