import { useCallback, useEffect, useState } from 'react';
import { fetchTabSession, watchTabSession, type Messenger, type TabSessionAnswer } from '@/lib/extension/sessionClient';

/** A tab's session document, kept current while the page keeps sending events. */
export function useTabSession(messenger: Messenger, tabId: number | null) {
  const [answer, setAnswer] = useState<TabSessionAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    if (tabId === null) return;
    try {
      setAnswer(await fetchTabSession(messenger, tabId));
      setError(null);
    } catch (e) {
      setError(String((e as Error)?.message ?? e));
    }
  }, [messenger, tabId]);

  useEffect(() => {
    if (tabId === null) return;
    void refresh();
    return watchTabSession(messenger, tabId, () => void refresh());
  }, [messenger, tabId, refresh]);

  return { answer, error, refresh };
}
