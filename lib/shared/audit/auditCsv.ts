/** The result's findings as CSV rows a support engineer can paste into a ticket. */
import Papa from 'papaparse';
import { CLASSIFICATIONS, type AuditResult } from './auditResult';

const AUDIT_CSV_COLUMNS = [
  'classification',
  'segment_user',
  'pf_username',
  'pf_email',
  'pf_origin',
  'events',
  'pf_users_reached',
  'line',
  'rule',
  'reason',
] as const;

export function auditCsv(result: AuditResult): string {
  const rows: (string | number | null)[][] = [];
  for (const c of CLASSIFICATIONS) {
    for (const x of result.examples[c]) {
      rows.push([c, x.segmentUser, x.pfUser.username, x.pfUser.email, x.pfUser.origin, x.events, x.pfUsersReached, x.event.line, x.event.rule, x.reason]);
    }
  }
  for (const u of result.unreachedPfUsers) {
    rows.push(['unreachedPfUser', null, u.username, u.email, u.origin, 0, null, null, null, 'No Segment event lands on this PF user.']);
  }
  // Cells starting with = + - @ are quoted by escapeFormulae so a spreadsheet does not run them.
  return Papa.unparse({ fields: [...AUDIT_CSV_COLUMNS], data: rows }, { escapeFormulae: true, newline: '\n' });
}
