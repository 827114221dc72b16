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
  lines = 0;

  constructor(
    private readonly users: ParsedPfUsers,
    assumptions: IdentityAssumptions,
    private readonly names: { events: string; users: string },
  ) {
    this.auditor = new Auditor(users.users, assumptions);
    this.reader = createEventsReader(
      {
        event: (e) => {
          this.read += 1;
          this.auditor.add(e);
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

  end(): void {
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
        usersFormat: this.users.format,
        userRows: this.users.users.length + this.users.skipped.length,
        usersSkipped: this.users.skipped,
      },
      options,
    );
  }

  perUser(): AuditRow[] {
    return this.auditor.rows();
  }
}

/** Splits a whole text into lines for `AuditRun.line` (tests, small pasted inputs). */
export function linesOf(text: string): string[] {
  return text.split(/\r?\n/);
}
