/**
 * Reads and parses one PF users file into a message both the worker and the in-thread fallback
 * send back: a worker cannot throw across the boundary, so failures travel as `{ error }`.
 */
import { parsePfUsers, type ParsedPfUsers } from './importUsers';

export type UsersReply = ParsedPfUsers | { error: string };

export async function parseUsersFile(file: File): Promise<UsersReply> {
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return { error: `Could not read ${file.name}: ${(error as Error).message}` };
  }
  try {
    return parsePfUsers(text, file.name);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
