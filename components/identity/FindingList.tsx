/** Findings as the engine wrote them, or a note when there are none. */
import type { Finding } from '../../lib/shared/session/schema';
import { Findings } from '../panel/Diagnostics';

export function FindingList({ findings, empty = 'No findings.' }: { findings: readonly Finding[]; empty?: string }) {
  if (findings.length === 0) return <p className="empty-note">{empty}</p>;
  return <Findings findings={findings} />;
}
