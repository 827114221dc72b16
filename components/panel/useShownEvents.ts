/**
 * What the event list and the detail pane read, from either kind of session the panel shows:
 * a whole document held in the page (a file, or the live tab while the identity controls judge
 * it again), or a live tab's window, where the page holds only event summaries and asks the
 * background for the search and for the open event in full.
 */
import { useEffect, useMemo, useState } from 'react';
import type { SessionDocument, SessionEvent } from '../../lib/shared/session/schema';
import { summarize, type EventSummary } from '../../lib/shared/session/summary';
import { matchingSeqs } from '../../lib/extension-pages/panel/filter';
import { usePanelStore, type LiveEvent } from './store';

export type ShownSession =
  | { kind: 'document'; document: SessionDocument }
  /** `document` has no events: `rows` stand for them */
  | { kind: 'window'; document: SessionDocument; rows: EventSummary[] };

const summaries = new WeakMap<SessionEvent, EventSummary>();

function summaryOf(event: SessionEvent): EventSummary {
  let summary = summaries.get(event);
  if (!summary) {
    summary = summarize(event);
    summaries.set(event, summary);
  }
  return summary;
}

/** The list's events, in seq order. */
export function useSummaries(shown: ShownSession): EventSummary[] {
  const events = shown.document.events;
  const rows = shown.kind === 'window' ? shown.rows : null;
  return useMemo(() => rows ?? events.map(summaryOf), [rows, events]);
}

/** Seqs of the events `text` matches; null while it filters nothing. */
export function useSearchMatches(shown: ShownSession, text: string): ReadonlySet<number> | null {
  const searchLive = usePanelStore((s) => s.searchLive);
  const events = shown.kind === 'document' ? shown.document.events : null;
  const local = useMemo(() => (events ? matchingSeqs(events, text) : null), [events, text]);
  // A live search is answered for the rows as they were; new rows are searched on the next change.
  const rows = shown.kind === 'window' ? shown.rows : null;
  const [live, setLive] = useState<{ text: string; seqs: ReadonlySet<number> | null }>({ text: '', seqs: null });
  useEffect(() => {
    if (!rows || text === '') return;
    let current = true;
    void searchLive(text).then(
      (seqs) => current && setLive({ text, seqs }),
      () => current && setLive({ text, seqs: null }),
    );
    return () => {
      current = false;
    };
  }, [rows, text, searchLive]);
  if (events) return local;
  // While the answer to a new text is on its way, the list keeps the last one it had.
  return text === '' ? null : live.seqs;
}

/** The open event in full and the event its PF link points to; null while a live one is fetched. */
export function useOpenEvent(shown: ShownSession, summary: EventSummary | null): LiveEvent | null {
  const liveEvent = usePanelStore((s) => s.liveEvent);
  const events = shown.kind === 'document' ? shown.document.events : null;
  const byId = useMemo(() => (events ? new Map(events.map((event) => [event.id, event])) : null), [events]);
  const [live, setLive] = useState<{ summary: EventSummary; answer: LiveEvent } | null>(null);
  useEffect(() => {
    if (byId || !summary) return;
    let current = true;
    // Asked again whenever the summary changes (a delivery status, a verdict): the detail follows it.
    void liveEvent(summary.id).then(
      (answer) => current && setLive({ summary, answer }),
      () => current && setLive({ summary, answer: { event: null, linked: null } }),
    );
    return () => {
      current = false;
    };
  }, [byId, summary, liveEvent]);
  if (!summary) return null;
  if (byId) {
    const event = byId.get(summary.id) ?? null;
    const linkId = event?.pfLink?.eventId;
    return { event, linked: linkId !== undefined ? (byId.get(linkId) ?? null) : null };
  }
  return live?.summary === summary ? live.answer : null;
}
