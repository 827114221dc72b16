/**
 * Reads, parses and indexes one PF users file into a message both the worker and the in-thread
 * fallback send back: a worker cannot throw across the boundary, so failures travel as `{ error }`.
 */
import { importPfUsers, type ImportProgress, type IndexedPfUsers, type UserColumns } from './importUsers';
import type { ImportedUsersData } from './importedUsers';

export type UsersReply = IndexedPfUsers | { error: string };

export interface ImportProgressInfo {
  rows: number;
  /** share of the file read, 0..1 */
  fraction: number;
}

/** What the worker posts: progress while it reads, then the indexed columns or an error. */
export type WorkerReply =
  | UsersReply
  | { progress: ImportProgressInfo }
  | (Omit<IndexedPfUsers, 'users'> & { users: ImportedUsersData });

/** What the page asks the worker: a file, and the columns the user picked, if any. */
export interface UsersRequest {
  file: File;
  columns?: UserColumns;
}

export async function readUsersFile(file: File, progress?: ImportProgress, columns?: UserColumns): Promise<UsersReply> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { error: `Could not read ${file.name}: ${(error as Error).message}` };
  }
  try {
    return importPfUsers(text, file.name, progress, columns);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
