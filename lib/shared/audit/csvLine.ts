/**
 * Splits CSV records that arrive one text line at a time (a file stream read line by line), so a
 * ten-million-row export never has to be in memory at once. Quoted cells may hold the delimiter,
 * doubled quotes and line breaks; a record is complete when its quotes balance.
 */

export type CsvDelimiter = ',' | ';' | '\t';

/** The delimiter is read off the header row, where column names contain none of them. */
export function csvDelimiter(headerLine: string): CsvDelimiter {
  const count = (c: string) => headerLine.split(c).length - 1;
  const [best] = ([',', ';', '\t'] as const).map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

function quoteCount(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) n++;
  return n;
}

/** Whether the record so far ends inside a quoted cell (then the next line continues it). */
export function isOpenRecord(text: string): boolean {
  return quoteCount(text) % 2 === 1;
}

export function splitCsvRecord(record: string, delimiter: CsvDelimiter): string[] {
  if (!record.includes('"')) return record.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
