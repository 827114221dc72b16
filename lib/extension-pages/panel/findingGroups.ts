/**
 * Findings grouped by code and severity, in order of first appearance: a session where the userId
 * changed 700 times says so once, with the other 699 one click away.
 */
import type { Finding } from '../../shared/session/schema';

export interface FindingGroup {
  first: Finding;
  more: Finding[];
}

export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const key = `${finding.severity}:${finding.code}`;
    const group = groups.get(key);
    if (group) group.more.push(finding);
    else groups.set(key, { first: finding, more: [] });
  }
  return [...groups.values()];
}
