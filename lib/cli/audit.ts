/**
 * `npm run audit -- --events FILE --users FILE [--assume name=value ...] [--json | --csv]
 * [--sql DIALECT] [--examples N]`: the audit over files larger than a browser tab holds. Events
 * stream in 1 MiB pieces cut into lines by the run (readline's per-line events cost more than the
 * audit itself); progress goes to stderr so `--json` leaves stdout to the document.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { IdentityAssumptions } from '../shared/identity/assumptions';
import { parsePfUsers } from '../shared/identity/importUsers';
import { auditCsv } from '../shared/audit/auditCsv';
import { AuditRun } from '../shared/audit/auditRun';
import { NoIdentityDataError } from '../shared/audit/auditor';
import { CLASSIFICATIONS, type AuditResult } from '../shared/audit/auditResult';
import { auditSql, isSqlDialect, SQL_DIALECTS } from '../shared/audit/auditSql';
import { parseAssumptions } from '../shared/audit/parseAssume';
import { EventsFormatError } from '../shared/audit/readEvents';

const USAGE = `usage: npm run audit -- --events FILE --users FILE [--assume name=value ...] [--json | --csv] [--examples N]
       npm run audit -- --sql ${SQL_DIALECTS.join('|')} [--assume name=value ...] [--rounds N]`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function progressLine(run: AuditRun, bytes: number, total: number, started: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = run.rows / Math.max(seconds, 0.001);
  const share = total > 0 ? bytes / total : 0;
  const left = share > 0 ? (seconds / share) * (1 - share) : NaN;
  return `audit: ${run.rows.toLocaleString('en')} rows, ${Math.round(rate).toLocaleString('en')} rows/s, ${(share * 100).toFixed(0)}%${Number.isFinite(left) ? `, ${left.toFixed(0)} s left` : ''}`;
}

/** A whole-number option: a typo must not turn "keep 100 examples" into "keep every one". */
function countOption<D extends number | undefined>(name: string, text: string | undefined, byDefault: D): number | D {
  if (text === undefined) return byDefault;
  if (!/^\d+$/.test(text)) fail(`${name} expects a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function humanSummary(r: AuditResult): string {
  const s = r.summary;
  const lines = [
    `Audited ${s.events} event(s) of ${s.segmentUsers} Segment user(s) against ${s.pfUsers} PF user(s); ${s.skippedRows} row(s) skipped.`,
    ...CLASSIFICATIONS.map((c) => `  ${c.padEnd(12)} ${s[c]}`),
    `  ${'unreachedPfUsers'.padEnd(12)} ${s.unreachedPfUsers}`,
  ];
  for (const c of CLASSIFICATIONS) {
    const [first] = r.examples[c];
    if (first && c !== 'samePerson') lines.push(`e.g. ${c}: ${first.segmentUser}: ${first.reason}`);
  }
  for (const file of [r.input.events, r.input.users]) {
    for (const skipped of file.firstSkipped.slice(0, 5)) lines.push(`skipped ${file.name} line ${skipped.line}: ${skipped.reason}`);
  }
  return lines.join('\n');
}

function startRun(usersFile: string, eventsFile: string, assumptions: IdentityAssumptions): AuditRun {
  try {
    return new AuditRun(parsePfUsers(fs.readFileSync(usersFile, 'utf8'), usersFile), assumptions, { events: eventsFile, users: usersFile });
  } catch (error) {
    fail((error as Error).message);
  }
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        events: { type: 'string' },
        users: { type: 'string' },
        assume: { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        sql: { type: 'string' },
        rounds: { type: 'string' },
        examples: { type: 'string' },
      },
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  let assumptions;
  try {
    assumptions = parseAssumptions(args.assume ?? []);
  } catch (error) {
    fail((error as Error).message);
  }
  const examples = countOption('--examples', args.examples, 100);
  const rounds = countOption('--rounds', args.rounds, undefined);
  if (args.sql !== undefined) {
    if (!isSqlDialect(args.sql)) fail(`Unknown SQL dialect ${JSON.stringify(args.sql)}: expected ${SQL_DIALECTS.join(', ')}`);
    process.stdout.write(auditSql(args.sql, assumptions, rounds === undefined ? {} : { rounds }));
    return;
  }
  if (!args.events || !args.users) fail(USAGE);
  if (args.json && args.csv) fail('--json and --csv exclude each other');

  // Read in a function of its own so the parsed list (a million objects) is garbage once the
  // run has taken its columns, instead of living as long as main().
  const run = startRun(args.users, args.events, assumptions);
  const total = fs.statSync(args.events).size;
  const stream = fs.createReadStream(args.events, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const started = Date.now();
  let lastProgress = started;
  try {
    for await (const piece of stream) {
      run.text(piece as string);
      if (Date.now() - lastProgress > 1000) {
        lastProgress = Date.now();
        process.stderr.write(`${progressLine(run, stream.bytesRead, total, started)}\n`);
      }
    }
    run.end();
    process.stderr.write(`${progressLine(run, total, total, started)}; matching...\n`);
    const result = run.result({ examples });
    process.stderr.write(`audit: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (args.csv) process.stdout.write(`${auditCsv(result)}\n`);
    else process.stdout.write(`${humanSummary(result)}\n`);
  } catch (error) {
    if (error instanceof EventsFormatError || error instanceof NoIdentityDataError) fail(error.message);
    throw error;
  }
}

await main();
