import { useCallback, useEffect, useRef, useState } from 'react';
import { followTabSession, watchTabSession, type Messenger } from '@/lib/extension-pages/sessionClient';
import type { FollowedSession } from '@/lib/shared/follow';

/**
 * A tab's session document, kept current while the page keeps sending events. Each refresh
 * fetches only what changed since the last one, so a panel with 100,000 events stays cheap.
 */
export function useTabSession(messenger: Messenger, tabId: number | null) {
  const [answer, setAnswer] = useState<FollowedSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<FollowedSession | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const [follower] = useState(() => Math.random().toString(36).slice(2));

  const refresh = useCallback(async () => {
    if (tabId === null) return;
    // One request at a time: each builds on the revision the previous one returned.
    while (inFlight.current) await inFlight.current;
    const run = (async () => {
      try {
        latest.current = await followTabSession(messenger, tabId, follower, latest.current);
        setAnswer(latest.current);
        setError(null);
      } catch (e) {
        setError(String((e as Error)?.message ?? e));
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
  }, [messenger, tabId, follower]);

  useEffect(() => {
    if (tabId === null) return;
    void refresh();
    return watchTabSession(messenger, tabId, () => void refresh());
  }, [messenger, tabId, refresh]);

  return { answer, error, refresh };
}
