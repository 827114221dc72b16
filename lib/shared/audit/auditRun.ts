/**
 * One audit from end to end, fed line by line (the command line's readline, the diagnose page's
 * worker stream): the events reader, skipped-row bookkeeping and the auditor, so both places
 * produce the same result document from the same files.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import type { ParsedPfUsers } from '../identity/importUsers';
import type { SkippedRow } from './auditEvent';
import type { AuditResult } from './auditResult';
import { Auditor, type AuditOptions, type AuditRow } from './auditor';
import { createEventsReader, type EventsReader } from './readEvents';

const LISTED = 20;

export class AuditRun {
  private readonly auditor: Auditor;
  private readonly reader: EventsReader;
  private readonly skipped: SkippedRow[] = [];
  private skippedCount = 0;
  private read = 0;
  private rest = '';
  // Only what the result reports of the users file: its rows are in the auditor's columns.
  private readonly usersFormat: string;
  private readonly userRows: number;
  private readonly usersSkipped: readonly SkippedRow[];
  lines = 0;

  constructor(
    users: ParsedPfUsers,
    assumptions: IdentityAssumptions,
    private readonly names: { events: string; users: string },
  ) {
    this.auditor = new Auditor(users.users, assumptions);
    this.usersFormat = users.format;
    this.userRows = users.users.length + users.skipped.length;
    this.usersSkipped = users.skipped;
    this.reader = createEventsReader(
      {
        event: (line, type, userId, anonymousId, email, time) => {
          this.read += 1;
          this.auditor.add(line, type, userId, anonymousId, email, time);
        },
        skip: (line, reason) => this.skip(line, reason),
      },
      names.events,
    );
  }

  private skip(line: number, reason: string): void {
    this.skippedCount += 1;
    if (this.skipped.length < LISTED) this.skipped.push({ line, reason });
  }

  /** Rows read so far (events and skipped rows). */
  get rows(): number {
    return this.read + this.skippedCount;
  }

  get events(): number {
    return this.auditor.events;
  }

  line(text: string): void {
    this.lines += 1;
    this.reader.line(text);
  }

  /**
   * Feeds a piece of the file as it streams in (any size, cut anywhere): whole lines go to
   * `line`, the unfinished last one waits for the next piece or `end`.
   */
  text(piece: string): void {
    let start = 0;
    let at = piece.indexOf('\n');
    if (at === -1) {
      this.rest += piece;
      return;
    }
    if (this.rest !== '') {
      this.line(withoutCr(this.rest + piece.slice(0, at)));
      this.rest = '';
      start = at + 1;
      at = piece.indexOf('\n', start);
    }
    while (at !== -1) {
      this.line(withoutCr(piece.slice(start, at)));
      start = at + 1;
      at = piece.indexOf('\n', start);
    }
    this.rest = piece.slice(start);
  }

  end(): void {
    if (this.rest !== '') {
      this.line(withoutCr(this.rest));
      this.rest = '';
    }
    this.reader.end();
  }

  result(options: AuditOptions = {}): AuditResult {
    return this.auditor.finish(
      {
        eventsFile: this.names.events,
        eventsFormat: this.reader.format,
        eventRows: this.rows,
        eventSkipped: this.skipped,
        eventSkippedCount: this.skippedCount,
        usersFile: this.names.users,
        usersFormat: this.usersFormat,
        userRows: this.userRows,
        usersSkipped: this.usersSkipped,
      },
      options,
    );
  }

  perUser(): AuditRow[] {
    return this.auditor.rows();
  }
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Splits a whole text into lines for `AuditRun.line` (tests, small pasted inputs). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}
