/**
 * Reads a PF users list the support engineer exports or assembles: PF has no user lookup endpoint
 * (domain.md §2), so this list is how the check learns which PF users already exist.
 * Accepts CSV (any column order, `,` or `;`, common export headers such as "E-mail address" and
 * "User ID", or columns the user picks), a JSON array of objects, or NDJSON.
 */
import Papa from 'papaparse';
import { ImportedUsersBuilder, type ImportedPfUser, type ImportedUsers } from './importedUsers';

export type { ImportedPfUser } from './importedUsers';

export interface SkippedRow {
  line: number;
  reason: string;
}

export type PfUsersFormat = 'csv' | 'json' | 'ndjson';

export interface ParsedPfUsers {
  users: ImportedPfUser[];
  skipped: SkippedRow[];
  format: PfUsersFormat;
}

/** The same, with the users in columns and indexed (what the users worker sends the page). */
export interface IndexedPfUsers {
  users: ImportedUsers;
  skipped: SkippedRow[];
  format: PfUsersFormat;
}

/** Rows read so far and the share of the file they cover (0..1). */
export type ImportProgress = (rows: number, fraction: number) => void;

/** How often a long parse reports progress, in rows (the caller throttles by time). */
const PROGRESS_EVERY = 16384;

interface Out {
  users: ImportedUsersBuilder;
  skipped: SkippedRow[];
  format: PfUsersFormat;
}

const NOT_A_LIST = 'Not a PF users list: expected CSV with a username or email column, a JSON array, or NDJSON';

function notAList(fileName: string | undefined, detail: string): Error {
  return new Error(`${NOT_A_LIST}${fileName ? ` (${fileName})` : ''}; ${detail}`);
}

const NO_KEY = 'no username and no email';

/** Numbers are kept as their text: the export cannot tell us how PF typed them. */
function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Header names a PF or app export uses for the two keys, compared without case, spaces or punctuation ("E-mail address", "User ID"). */
const USERNAME_HEADERS = ['username', 'userid', 'pfusername', 'login', 'externalid'];
const EMAIL_HEADERS = ['email', 'emailaddress', 'mail', 'useremail'];

function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The columns the support engineer picked, by header text, when the file's headers are not recognised. */
export interface UserColumns {
  username: string | null;
  email: string | null;
}

/** Where each key's column is: the picked header, else the first recognised name (in the order above). */
function columnsOf(headers: readonly string[], picked: UserColumns | undefined): { usernameAt: number; emailAt: number } {
  if (picked) {
    const at = (name: string | null) => (name === null ? -1 : headers.findIndex((h) => h.trim() === name.trim()));
    return { usernameAt: at(picked.username), emailAt: at(picked.email) };
  }
  const keys = headers.map(headerKey);
  const first = (names: readonly string[]) => {
    for (const name of names) {
      const at = keys.indexOf(name);
      if (at !== -1) return at;
    }
    return -1;
  };
  return { usernameAt: first(USERNAME_HEADERS), emailAt: first(EMAIL_HEADERS) };
}

function fromRecord(record: unknown, line: number, out: Out, picked: UserColumns | undefined): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    out.skipped.push({ line, reason: 'not an object' });
    return;
  }
  const entries = Object.entries(record);
  const { usernameAt, emailAt } = columnsOf(entries.map(([key]) => key), picked);
  const username = usernameAt === -1 ? null : text(entries[usernameAt]![1]);
  const email = emailAt === -1 ? null : text(entries[emailAt]![1]);
  if (username === null && email === null) out.skipped.push({ line, reason: NO_KEY });
  else out.users.add(username, email, line);
}

function parseJsonArray(body: string, fileName: string | undefined, picked: UserColumns | undefined): Out {
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (error) {
    throw notAList(fileName, `the JSON array does not parse: ${(error as Error).message}`);
  }
  if (!Array.isArray(items)) throw notAList(fileName, 'the JSON is not an array');
  const out: Out = { users: new ImportedUsersBuilder(), skipped: [], format: 'json' };
  items.forEach((item, i) => fromRecord(item, i + 1, out, picked));
  return out;
}

function parseNdjson(body: string, fileName: string | undefined, picked: UserColumns | undefined): Out {
  const out: Out = { users: new ImportedUsersBuilder(), skipped: [], format: 'ndjson' };
  let parsedAny = false;
  body.split('\n').forEach((raw, i) => {
    const lineText = raw.trim();
    if (lineText === '') return;
    let record: unknown;
    try {
      record = JSON.parse(lineText);
    } catch (error) {
      out.skipped.push({ line: i + 1, reason: `malformed JSON: ${(error as Error).message}` });
      return;
    }
    parsedAny = true;
    fromRecord(record, i + 1, out, picked);
  });
  if (!parsedAny) throw notAList(fileName, 'no line is valid JSON');
  return out;
}

/** The delimiter is read off the header row, where names never contain either character. */
function csvDelimiter(headerLine: string): ',' | ';' {
  const count = (c: string) => headerLine.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function countNewlines(row: readonly string[]): number {
  let n = 0;
  for (const cell of row) {
    for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) n++;
  }
  return n;
}

/** The message that tells the import view to offer a column picker. */
export const NO_COLUMNS = 'the first row has no username or email column';

function csvColumns(header: readonly string[], fileName: string | undefined, picked: UserColumns | undefined): { usernameAt: number; emailAt: number } {
  const columns = columnsOf(header, picked);
  if (columns.usernameAt === -1 && columns.emailAt === -1) {
    throw notAList(fileName, `${NO_COLUMNS} (found ${JSON.stringify(header.slice(0, 5))}): pick the columns`);
  }
  return columns;
}

/** Newlines of a file without quotes, if they are all LF or all CRLF; null sends it to the full parser. */
function plainNewline(body: string): '\n' | '\r\n' | null {
  if (body.includes('"')) return null;
  let cr = 0;
  for (let at = body.indexOf('\r'); at !== -1; at = body.indexOf('\r', at + 1)) {
    if (body.charCodeAt(at + 1) !== 10) return null;
    cr++;
  }
  if (cr === 0) return '\n';
  let lf = 0;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) lf++;
  return lf === cr ? '\r\n' : null;
}

/** Whether [start, end) holds something other than whitespace (a cell `text` keeps). */
function hasText(body: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c > 127) return body.slice(start, end).trim() !== '';
    if (!(c === 32 || (c >= 9 && c <= 13))) return true;
  }
  return false;
}

/**
 * A CSV without quotes: every line is a row and every delimiter splits a cell, so rows are read
 * in place as ranges of the file's text, with no string made per cell.
 */
function parsePlainCsv(body: string, newline: '\n' | '\r\n', delimiter: string, fileName: string | undefined, picked: UserColumns | undefined, progress?: ImportProgress): Out {
  const cut = newline.length;
  const headerEnd = body.indexOf(newline);
  const header = (headerEnd === -1 ? body : body.slice(0, headerEnd)).split(delimiter);
  const { usernameAt, emailAt } = csvColumns(header, fileName, picked);
  const out: Out = { users: new ImportedUsersBuilder(body), skipped: [], format: 'csv' };
  const d = delimiter.charCodeAt(0);
  let line = 1;
  for (let start = headerEnd === -1 ? body.length : headerEnd + cut; start < body.length; ) {
    line++;
    const next = body.indexOf(newline, start);
    const end = next === -1 ? body.length : next;
    if (end > start) {
      let ns = -1;
      let ne = -1;
      let es = -1;
      let ee = -1;
      let cell = 0;
      for (let cellStart = start; ; cell++) {
        let cellEnd = body.indexOf(delimiter, cellStart);
        if (cellEnd === -1 || cellEnd > end) cellEnd = end;
        if (cell === usernameAt && hasText(body, cellStart, cellEnd)) [ns, ne] = [cellStart, cellEnd];
        if (cell === emailAt && hasText(body, cellStart, cellEnd)) [es, ee] = [cellStart, cellEnd];
        if (cellEnd === end || body.charCodeAt(cellEnd) !== d) break;
        cellStart = cellEnd + 1;
      }
      if (ns === -1 && es === -1) out.skipped.push({ line, reason: NO_KEY });
      else out.users.addRange(ns, ne, es, ee, line);
    }
    if (progress && (line & (PROGRESS_EVERY - 1)) === 0) progress(out.users.count, end / body.length);
    start = end + cut;
  }
  return out;
}

function parseCsv(body: string, fileName: string | undefined, picked: UserColumns | undefined, progress?: ImportProgress): Out {
  const firstBreak = body.search(/\r?\n/);
  const headerLine = firstBreak === -1 ? body : body.slice(0, firstBreak);
  const delimiter = csvDelimiter(headerLine);
  const newline = plainNewline(body);
  if (newline !== null) return parsePlainCsv(body, newline, delimiter, fileName, picked, progress);
  // Bulk parsing into arrays is several times faster than header mode on a million rows.
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false });
  const [header = [], ...rows] = parsed.data;
  const { usernameAt, emailAt } = csvColumns(header, fileName, picked);
  const brokenRows = new Set(parsed.errors.filter((e) => e.type === 'Quotes' && e.row !== undefined).map((e) => e.row));
  const out: Out = { users: new ImportedUsersBuilder(), skipped: [], format: 'csv' };
  // Quoted cells may span lines, so file lines are counted rather than derived from the row index.
  let line = 1 + countNewlines(header);
  rows.forEach((row, i) => {
    line += 1;
    const rowLine = line;
    line += countNewlines(row);
    if (row.length === 1 && row[0] === '') return; // blank line
    if (brokenRows.has(i + 1)) {
      out.skipped.push({ line: rowLine, reason: 'unterminated quote' });
      return;
    }
    const username = text(row[usernameAt]);
    const email = text(row[emailAt]);
    if (username === null && email === null) out.skipped.push({ line: rowLine, reason: NO_KEY });
    else out.users.add(username, email, rowLine);
    if (progress && ((i + 1) & (PROGRESS_EVERY - 1)) === 0) progress(out.users.count, (i + 1) / rows.length);
  });
  return out;
}

function formatOf(body: string, fileName: string | undefined): PfUsersFormat {
  const extension = fileName?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'ndjson' || extension === 'jsonl') return 'ndjson';
  if (body.startsWith('[')) return 'json';
  if (body.startsWith('{')) return 'ndjson';
  return 'csv';
}

/** Parses and indexes a PF users file; `progress` is called every few thousand rows; `picked` overrides the recognised columns. */
export function importPfUsers(text: string, fileName?: string, progress?: ImportProgress, picked?: UserColumns): IndexedPfUsers {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.trim() === '') throw notAList(fileName, 'the file is empty');
  let out: Out;
  switch (formatOf(body, fileName)) {
    case 'json':
      out = parseJsonArray(body, fileName, picked);
      break;
    case 'ndjson':
      out = parseNdjson(body, fileName, picked);
      break;
    case 'csv':
      out = parseCsv(body, fileName, picked, progress);
      break;
  }
  return { users: out.users.build(), skipped: out.skipped, format: out.format };
}

/** The same list as plain objects, for callers that want rows (the audit, tests). */
export function parsePfUsers(text: string, fileName?: string): ParsedPfUsers {
  const { users, skipped, format } = importPfUsers(text, fileName);
  return { users: [...users], skipped, format };
}
