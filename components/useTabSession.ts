import { useEffect, useState } from 'react';
import { followTabSession, watchTabSession, type Messenger } from '@/lib/extension-pages/sessionClient';
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
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const refresh = async () => {
    // One request at a time: each builds on the revision the previous one returned.
    while (inFlight) await inFlight;
    const run = (async () => {
      try {
        latest = await followTabSession(messenger, tabId, follower, latest);
        if (!stopped) onChange({ answer: latest, error: null });
      } catch (e) {
        if (!stopped) onChange({ answer: latest, error: String((e as Error)?.message ?? e) });
      }
    })();
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
