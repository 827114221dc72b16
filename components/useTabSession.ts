import { useEffect, useState } from 'react';
import { followTabRows, followTabSession, watchTabSession, type FollowedRows, type Messenger } from '@/lib/extension-pages/sessionClient';
import type { FollowedSession } from '@/lib/shared/follow';

export interface TabSessionState {
  answer: FollowedSession | null;
  error: string | null;
}

export interface TabFollower {
  /** fetches what changed since the last answer; resolves once it is reported */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps a tab's session document current while the page keeps sending events, reporting each
 * answer (or failure) to `onChange`. Each refresh fetches only what changed since the last one,
 * so a panel with 100,000 events stays cheap.
 */
export function followTab(messenger: Messenger, tabId: number, onChange: (state: TabSessionState) => void, follower = newFollowerId()): TabFollower {
  let latest: FollowedSession | null = null;
  return follow(messenger, tabId, async (stopped) => {
    try {
      latest = await followTabSession(messenger, tabId, follower, latest);
      if (!stopped()) onChange({ answer: latest, error: null });
    } catch (e) {
      if (!stopped()) onChange({ answer: latest, error: String((e as Error)?.message ?? e) });
    }
  });
}

export interface TabRowsState {
  rows: FollowedRows | null;
  error: string | null;
}

/**
 * `followTab` for the panel's list: event summaries instead of the whole document, reported after
 * each page of a large answer so the first rows show while the rest arrive.
 */
export function followTabRowsLive(messenger: Messenger, tabId: number, onChange: (state: TabRowsState) => void, follower = newFollowerId()): TabFollower {
  let latest: FollowedRows | null = null;
  return follow(messenger, tabId, async (stopped) => {
    const onPage = (rows: FollowedRows) => {
      if (!stopped()) onChange({ rows, error: null });
    };
    try {
      latest = await followTabRows(messenger, tabId, follower, latest, onPage);
      if (!stopped()) onChange({ rows: latest, error: null });
    } catch (e) {
      if (!stopped()) onChange({ rows: latest, error: String((e as Error)?.message ?? e) });
    }
  });
}

/** Runs `update` now and whenever the tab's session changes, one run at a time, until stopped. */
function follow(messenger: Messenger, tabId: number, update: (stopped: () => boolean) => Promise<void>): TabFollower {
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  const isStopped = () => stopped;

  const refresh = async () => {
    // One request at a time: each builds on the revision the previous one returned.
    while (inFlight) await inFlight;
    const run = update(isStopped);
    inFlight = run;
    await run;
    inFlight = null;
  };

  void refresh();
  const unwatch = watchTabSession(messenger, tabId, () => void refresh());
  return {
    refresh,
    stop: () => {
      stopped = true;
      unwatch();
    },
  };
}

function newFollowerId(): string {
  return Math.random().toString(36).slice(2);
}

/** `followTab` as React state, for a page that shows the session and nothing else (the popup). */
export function useTabSession(messenger: Messenger, tabId: number | null): TabSessionState {
  const [state, setState] = useState<TabSessionState>({ answer: null, error: null });
  const [follower] = useState(newFollowerId);
  useEffect(() => {
    if (tabId === null) return;
    return followTab(messenger, tabId, setState, follower).stop;
  }, [messenger, tabId, follower]);
  return state;
}
