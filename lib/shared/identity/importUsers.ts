/**
 * Reads a PF users list the support engineer exports or assembles: PF has no user lookup endpoint
 * (domain.md §2), so this list is how the check learns which PF users already exist.
 * Accepts CSV (any column order, `,` or `;`), a JSON array of objects, or NDJSON.
 */
import Papa from 'papaparse';

export interface ImportedPfUser {
  username: string | null;
  email: string | null;
  /** 1-based line in the file (for a JSON array: the item's position), for pointing at bad rows. */
  line: number;
}

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

function fromRecord(record: unknown, line: number, out: ParsedPfUsers): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    out.skipped.push({ line, reason: 'not an object' });
    return;
  }
  let username: string | null = null;
  let email: string | null = null;
  // Header names are matched case-insensitively, as in CSV.
  for (const [key, value] of Object.entries(record)) {
    const name = key.trim().toLowerCase();
    if (name === 'username') username = text(value);
    else if (name === 'email') email = text(value);
  }
  if (username === null && email === null) out.skipped.push({ line, reason: NO_KEY });
  else out.users.push({ username, email, line });
}

function parseJsonArray(body: string, fileName: string | undefined): ParsedPfUsers {
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (error) {
    throw notAList(fileName, `the JSON array does not parse: ${(error as Error).message}`);
  }
  if (!Array.isArray(items)) throw notAList(fileName, 'the JSON is not an array');
  const out: ParsedPfUsers = { users: [], skipped: [], format: 'json' };
  items.forEach((item, i) => fromRecord(item, i + 1, out));
  return out;
}

function parseNdjson(body: string, fileName: string | undefined): ParsedPfUsers {
  const out: ParsedPfUsers = { users: [], skipped: [], format: 'ndjson' };
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
    fromRecord(record, i + 1, out);
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

function parseCsv(body: string, fileName: string | undefined): ParsedPfUsers {
  const firstBreak = body.search(/\r?\n/);
  const headerLine = firstBreak === -1 ? body : body.slice(0, firstBreak);
  // Bulk parsing into arrays is several times faster than header mode on a million rows.
  const parsed = Papa.parse<string[]>(body, { delimiter: csvDelimiter(headerLine), skipEmptyLines: false });
  const [header = [], ...rows] = parsed.data;
  const columns = header.map((h) => h.trim().toLowerCase());
  const usernameAt = columns.indexOf('username');
  const emailAt = columns.indexOf('email');
  if (usernameAt === -1 && emailAt === -1) {
    throw notAList(fileName, `the first row has no username or email column (found ${JSON.stringify(header.slice(0, 5))})`);
  }
  const brokenRows = new Set(parsed.errors.filter((e) => e.type === 'Quotes' && e.row !== undefined).map((e) => e.row));
  const out: ParsedPfUsers = { users: [], skipped: [], format: 'csv' };
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
    else out.users.push({ username, email, line: rowLine });
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

export function parsePfUsers(text: string, fileName?: string): ParsedPfUsers {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.trim() === '') throw notAList(fileName, 'the file is empty');
  switch (formatOf(body, fileName)) {
    case 'json':
      return parseJsonArray(body, fileName);
    case 'ndjson':
      return parseNdjson(body, fileName);
    case 'csv':
      return parseCsv(body, fileName);
  }
}
