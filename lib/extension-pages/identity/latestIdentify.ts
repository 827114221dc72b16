import type { SessionEvent } from '../../shared/session/schema';

/** The latest identify that has a verdict: the identity the app most recently told Segment. */
export function latestJudgedIdentify(events: readonly SessionEvent[]): SessionEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.source === 'segment' && event.type === 'identify' && event.verdict) return event;
  }
  return null;
}
