/**
 * The DuckDB dialect of "Copy as SQL" run in embedded DuckDB on generated user bases, compared row
 * by row with the TypeScript auditor reading the same CSV files, under every assumption switch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS, type IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import { parsePfUsers } from '../../lib/shared/identity/importUsers';
import { auditSql } from '../../lib/shared/audit/auditSql';
import { AuditRun, linesOf } from '../../lib/shared/audit/auditRun';
import { generateUserBase, identifiesCsv, pfUsersCsv } from '../support/auditData';

const SWITCHES: IdentityAssumptions[] = [];
for (const emailCaseInsensitive of [false, true])
  for (const emailTrimmed of [false, true])
    for (const nullUserIdSkipsUsernameRule of [true, false])
      for (const newUserUsername of ['userId', 'anonymousId'] as const)
        SWITCHES.push({ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive, emailTrimmed, nullUserIdSkipsUsernameRule, newUserUsername });
// The other two switches, each flipped once: warehouse columns are text, so numbers never meet
// text; and a PF that reads no identify events judges none of the table.
SWITCHES.push({ ...DEFAULT_ASSUMPTIONS, numberIdsMatchText: true });
SWITCHES.push({ ...DEFAULT_ASSUMPTIONS, eventTypesRead: ['track', 'page'] });

let dir: string;
let connection: DuckDBConnection;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-duckdb-'));
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});

afterAll(() => {
  connection?.closeSync();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function loadTables(eventsFile: string, usersFile: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE identifies AS
    SELECT user_id, anonymous_id, email, CAST(received_at AS TIMESTAMP) AS received_at
    FROM read_csv('${eventsFile}', header = true, all_varchar = true)`);
  await connection.run(`CREATE OR REPLACE TABLE pf_users AS
    SELECT username, email FROM read_csv('${usersFile}', header = true, all_varchar = true)`);
}

async function sqlRows(a: IdentityAssumptions) {
  const reader = await connection.runAndReadAll(auditSql('duckdb', a));
  return reader.getRowObjects().map((r) => ({ segmentUser: r.segment_user, classification: r.classification, pfUsername: r.pf_username }));
}

function engineRows(eventsCsv: string, usersCsv: string, a: IdentityAssumptions) {
  const run = new AuditRun(parsePfUsers(usersCsv, 'pf_users.csv'), a, { events: 'identifies.csv', users: 'pf_users.csv' });
  for (const line of linesOf(eventsCsv)) run.line(line);
  run.end();
  return run.perUser().sort((x, y) => (x.segmentUser < y.segmentUser ? -1 : x.segmentUser > y.segmentUser ? 1 : 0));
}

describe('DuckDB SQL and the TypeScript auditor agree row by row', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}, all ${SWITCHES.length} switch combinations`, async () => {
      const base = generateUserBase(seed, 150);
      const eventsCsv = identifiesCsv(base.events);
      const usersCsv = pfUsersCsv(base.users);
      const eventsFile = path.join(dir, `identifies-${seed}.csv`);
      const usersFile = path.join(dir, `pf_users-${seed}.csv`);
      fs.writeFileSync(eventsFile, eventsCsv);
      fs.writeFileSync(usersFile, usersCsv);
      await loadTables(eventsFile, usersFile);
      const seen = new Set<string>();
      for (const a of SWITCHES) {
        const engine = engineRows(eventsCsv, usersCsv, a);
        const sql = await sqlRows(a);
        expect(sql, JSON.stringify(a)).toEqual(engine);
        for (const r of engine) seen.add(r.classification);
      }
      // The generated data must exercise every classification, or agreement proves little.
      expect([...seen].sort()).toEqual(['merged', 'newUser', 'samePerson', 'split', 'wrongUser']);
    }, 120_000);
  }
});
