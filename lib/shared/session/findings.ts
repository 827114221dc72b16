/**
 * The one aggregation of a document's findings, for the panel, the identity view and the popup.
 * Session findings are repeated on the events they concern, so each sentence is kept once; then
 * findings of one code and severity are grouped, worst first, each group showing its latest
 * finding (a userId that changed 700 times says so once, with the other 699 one click away). Which findings are page diagnostics
 * comes from the one table of findings (lib/shared/findings.ts).
 */
import { findingScope } from '../findings';
import type { Finding, SessionDocument } from './schema';

export interface FindingGroup {
  /** the latest finding of the group: what it says now */
  latest: Finding;
  /** the earlier ones, latest first */
  earlier: Finding[];
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

function distinct(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}\n${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every finding of the document, each sentence once: page and session findings, then the events'. */
export function sessionFindings(doc: Pick<SessionDocument, 'diagnostics' | 'events'>): Finding[] {
  return distinct([...doc.diagnostics, ...doc.events.flatMap((e) => e.verdict?.findings ?? [])]);
}

/** The findings about how the page is wired: kept as captured when a document is judged again. */
export function pageFindings(diagnostics: readonly Finding[]): Finding[] {
  return diagnostics.filter((f) => findingScope(f.code) === 'page');
}

/** Grouped by code and severity, worst first (then by first appearance); each group shows its latest finding. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.severity}:${finding.code}`;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups.values()]
    .map((group) => ({ latest: group.at(-1)!, earlier: group.slice(0, -1).reverse() }))
    .sort((a, b) => SEVERITY_RANK[a.latest.severity] - SEVERITY_RANK[b.latest.severity]);
}
