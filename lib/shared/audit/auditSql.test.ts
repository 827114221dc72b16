/**
 * DuckDB runs the generated SQL in tests/integration/auditSqlDuckdb.test.ts. No Postgres,
 * Snowflake or BigQuery engine is available here, so those dialects are checked against golden
 * files (review a change to them by hand) and for the dialect details they must carry.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../identity/assumptions';
import { auditSql, SQL_DIALECTS } from './auditSql';

describe('auditSql', () => {
  for (const dialect of SQL_DIALECTS) {
    it(`${dialect}: matches its golden file`, async () => {
      await expect(auditSql(dialect, DEFAULT_ASSUMPTIONS)).toMatchFileSnapshot(`./golden/audit.${dialect}.sql`);
    });
  }

  it('carries each dialect’s text type and Postgres’s code-unit collation', () => {
    expect(auditSql('bigquery', DEFAULT_ASSUMPTIONS)).toContain('CAST(NULL AS STRING)');
    expect(auditSql('postgres', DEFAULT_ASSUMPTIONS)).toContain('CAST(NULL AS TEXT)');
    expect(auditSql('postgres', DEFAULT_ASSUMPTIONS)).toContain('uid COLLATE "C" ASC NULLS LAST');
    expect(auditSql('snowflake', DEFAULT_ASSUMPTIONS)).not.toContain('COLLATE');
  });

  it('writes the active assumptions into the query and its header', () => {
    const loose = auditSql('snowflake', { ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true, emailTrimmed: true, nullUserIdSkipsUsernameRule: false, newUserUsername: 'anonymousId' });
    expect(loose).toContain("NULLIF(LOWER(TRIM(email)), '') AS ek");
    expect(loose).toContain("ELSE 'n' END AS lk");
    expect(loose).toContain("'u:' || aid ELSE 'n' END AS nk");
    expect(loose).toContain('--   email compared ignoring letter case');
    expect(auditSql('snowflake', DEFAULT_ASSUMPTIONS)).toContain("NULLIF(email, '') AS ek");
    expect(auditSql('duckdb', { ...DEFAULT_ASSUMPTIONS, eventTypesRead: ['track'] })).toContain('IS NOT NULL AND FALSE');
  });

  it('has as many settling rounds as asked', () => {
    const sql = auditSql('duckdb', DEFAULT_ASSUMPTIONS, { rounds: 3 });
    expect(sql.match(/^s\d+ AS \(/gm)).toEqual(['s0 AS (', 's1 AS (', 's2 AS (', 's3 AS (']);
  });
});
