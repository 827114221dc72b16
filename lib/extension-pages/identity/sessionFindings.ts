import type { Finding, SessionDocument } from '../../shared/session/schema';

/** Session findings are repeated on the events they concern; each sentence is listed once. */
export function sessionFindings(session: SessionDocument): Finding[] {
  const seen = new Set<string>();
  const all = [...session.diagnostics, ...session.events.flatMap((e) => e.verdict?.findings ?? [])];
  return all.filter((f) => {
    const key = `${f.code}\n${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
