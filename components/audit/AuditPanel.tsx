/**
 * Audit a whole user base on the diagnose page: drop Segment identity data and a PF users export,
 * watch the worker's progress, read the counts per classification and the examples, copy the
 * same audit as SQL for the customer's warehouse, export the result as JSON or CSV.
 */
import { useRef, useState } from 'react';
import type { IdentityAssumptions } from '../../lib/shared/identity/assumptions';
import { auditCsv } from '../../lib/shared/audit/auditCsv';
import type { AuditProgress } from '../../lib/shared/audit/auditFile';
import { CLASSIFICATIONS, type AuditResult, type Classification } from '../../lib/shared/audit/auditResult';
import { auditSql, SQL_DIALECTS, type SqlDialect } from '../../lib/shared/audit/auditSql';
import { copyText } from '../../lib/extension-pages/copyText';
import { downloadText, runAudit } from '../../lib/extension-pages/audit/runAudit';
import { AuditExamples } from './AuditExamples';

const LABELS: Record<Classification, string> = {
  split: 'Split: one person on two or more PF users',
  wrongUser: "Wrong user: lands on another person's PF user",
  merged: 'Merged: shares a PF user with another Segment user',
  newUser: 'New PF user created',
  samePerson: 'Same person',
};

/**
 * 1234567 → "1,234,567" without Intl: the first toLocaleString call loads ICU's number data, a
 * 180 ms task on the page's thread just as the audit starts.
 */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function progressText(p: AuditProgress, startedAt: number): string {
  const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
  const share = p.totalBytes > 0 ? p.bytes / p.totalBytes : 0;
  const left = share > 0 ? (seconds / share) * (1 - share) : NaN;
  return `${groupDigits(p.rows)} rows, ${groupDigits(p.rows / seconds)} rows/s${Number.isFinite(left) ? `, ${left.toFixed(0)} s left` : ''}`;
}

export function AuditPanel({ assumptions }: { assumptions: IdentityAssumptions }) {
  const [eventsFile, setEventsFile] = useState<File | null>(null);
  const [usersFile, setUsersFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<AuditProgress | null>(null);
  const [result, setResult] = useState<AuditResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState<Classification>('split');
  const [dialect, setDialect] = useState<SqlDialect>('duckdb');
  const [copied, setCopied] = useState<string | null>(null);
  const startedAt = useRef(0);

  const start = async () => {
    if (!eventsFile || !usersFile) return;
    setRunning(true);
    setError(null);
    setProgress(null);
    startedAt.current = Date.now();
    try {
      const next = await runAudit({ events: eventsFile, users: usersFile, assumptions }, setProgress);
      setResult(next);
      setShown(CLASSIFICATIONS.find((c) => next.summary[c] > 0 && c !== 'samePerson') ?? 'samePerson');
    } catch (e) {
      // The previous result stays: a bad file must not wipe what was already audited.
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  const onDrop = (files: FileList) => {
    for (const file of Array.from(files)) {
      if (/user/i.test(file.name) && !/identif|event/i.test(file.name)) setUsersFile(file);
      else setEventsFile(file);
    }
  };

  return (
    <section className="card audit" aria-label="Audit a user base">
      <h3>Audit a whole user base</h3>
      <div
        className="audit__drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          onDrop(e.dataTransfer.files);
        }}
      >
        <label>
          Segment identity data (NDJSON, JSON, webhook batch, session file, identifies CSV){' '}
          <input type="file" onChange={(e) => setEventsFile(e.currentTarget.files?.[0] ?? null)} />
        </label>
        <label>
          PF users (CSV, JSON, NDJSON) <input type="file" onChange={(e) => setUsersFile(e.currentTarget.files?.[0] ?? null)} />
        </label>
        <p className="empty-note">
          Or drop both files here. {eventsFile ? `Events: ${eventsFile.name}. ` : ''}
          {usersFile ? `Users: ${usersFile.name}.` : ''}
        </p>
      </div>
      <button type="button" disabled={!eventsFile || !usersFile || running} onClick={() => void start()}>
        Run audit
      </button>
      {progress && (running || !result) && (
        <p>
          <progress max={progress.totalBytes || 1} value={progress.bytes} aria-label="Audit progress" /> {progressText(progress, startedAt.current)}
        </p>
      )}
      {error && (
        <p className="diagnose__error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <table className="audit__summary" aria-label="Audit summary">
            <tbody>
              {CLASSIFICATIONS.map((c) => (
                <tr key={c}>
                  <th scope="row">
                    <button type="button" aria-pressed={shown === c} onClick={() => setShown(c)}>
                      {LABELS[c]}
                    </button>
                  </th>
                  <td>{result.summary[c]}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">PF users no Segment user reaches</th>
                <td>{result.summary.unreachedPfUsers}</td>
              </tr>
            </tbody>
          </table>
          <p>
            {result.summary.events} event(s), {result.summary.segmentUsers} Segment user(s), {result.summary.pfUsers} PF user(s),{' '}
            {result.summary.skippedRows} row(s) skipped.
          </p>
          {[result.input.events, result.input.users].map(
            (file) =>
              file.firstSkipped.length > 0 && (
                <details key={file.name}>
                  <summary>
                    {file.skippedRows} row(s) of {file.name} skipped
                  </summary>
                  <ul>
                    {file.firstSkipped.map((s) => (
                      <li key={s.line}>
                        line {s.line}: {s.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              ),
          )}
          <AuditExamples key={shown} examples={result.examples[shown]} assumptions={result.assumptions} />
          <div className="audit__export">
            <button type="button" onClick={() => downloadText(JSON.stringify(result, null, 2), 'pf-audit.json', 'application/json')}>
              Export JSON
            </button>
            <button type="button" onClick={() => downloadText(auditCsv(result), 'pf-audit.csv', 'text/csv')}>
              Export CSV
            </button>
          </div>
        </>
      )}
      <div className="audit__sql">
        <label>
          SQL dialect{' '}
          <select value={dialect} onChange={(e) => setDialect(e.currentTarget.value as SqlDialect)}>
            {SQL_DIALECTS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => void copyText(auditSql(dialect, assumptions)).then((ok) => setCopied(ok ? `${dialect} SQL copied` : 'Could not copy'))}>
          Copy as SQL
        </button>
        {copied && <span role="status"> {copied}</span>}
      </div>
    </section>
  );
}
