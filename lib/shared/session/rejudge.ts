/**
 * Judges a finished session document again, under other assumptions or against an imported PF
 * users list. The panel and the diagnose page call it on a document they already hold (captured
 * or imported), so only the identity parts change: verdicts and identity findings. Page
 * diagnostics and PF ↔ Segment links come from the capture and stay as they were.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import type { ImportedUsersInput } from '../identity/importedUsers';
import type { SessionStatus } from '../identity/sessionStatus';
import { verdictsForSession } from '../identity/sessionVerdicts';
import { documentStatus } from './documentStatus';
import { pageFindings } from './findings';
import type { SessionDocument, SessionEvent } from './schema';

function withVerdict(event: SessionEvent, verdict: SessionEvent['verdict']): SessionEvent {
  const { verdict: _old, ...rest } = event;
  // Events PF would not judge carry no verdict at all, as in a document the background builds.
  return verdict ? { ...rest, verdict } : rest;
}

export function rejudgeDocument(
  doc: SessionDocument,
  importedUsers: ImportedUsersInput,
  assumptions: IdentityAssumptions,
): { document: SessionDocument; status: SessionStatus } {
  // A file without a timeline still says which PF user the page had: treat it as set from the start.
  const timeline = doc.productFruits.userTimeline ?? (doc.productFruits.user ? [{ at: doc.exportedAt, via: 'init', user: doc.productFruits.user, afterSeq: 0 }] : []);
  const judged = verdictsForSession(doc.events, timeline, importedUsers, assumptions);
  const events = doc.events.map((event) => withVerdict(event, judged.perEvent.get(event.id)));
  const diagnostics = [...pageFindings(doc.diagnostics), ...judged.findings];
  return { document: { ...doc, events, diagnostics }, status: documentStatus(diagnostics, judged.status) };
}
