/**
 * The badge's colour needs the verdicts over the whole session, so it is recomputed at most
 * every `delayMs`, or four times as long as the last computation took: a tab with 100,000
 * events must not keep the service worker from storing the next batches.
 */
import type { StatusLight } from '../shared/identity/sessionStatus';

export const BADGE_DELAY_MS = 250;

export interface TabBadge {
  count: number;
  light: StatusLight;
  reason: string;
}

interface BadgeSchedulerOptions<Loaded> {
  load(tabId: number): Promise<Loaded>;
  /** what the badge shows; how long this takes sets the next delay */
  build(loaded: Loaded): TabBadge;
  paint(tabId: number, badge: TabBadge): Promise<void>;
  /** how long the tab's badge took to compute last, when that work is not done in `build` (it is measured there otherwise) */
  costMs?(tabId: number): number;
  delayMs?: number;
  now?: () => number;
}

export class BadgeScheduler<Loaded> {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly cost = new Map<number, number>();

  constructor(private readonly options: BadgeSchedulerOptions<Loaded>) {}

  schedule(tabId: number): void {
    if (this.timers.has(tabId)) return;
    const { load, build, paint, costMs, delayMs = BADGE_DELAY_MS, now = () => performance.now() } = this.options;
    const delay = Math.max(delayMs, 4 * (costMs?.(tabId) ?? this.cost.get(tabId) ?? 0));
    this.timers.set(tabId, setTimeout(async () => {
      this.timers.delete(tabId);
      try {
        const loaded = await load(tabId);
        const started = now();
        const badge = build(loaded);
        this.cost.set(tabId, now() - started);
        await paint(tabId, badge);
      } catch {
        // the tab closed meanwhile
      }
    }, delay));
  }

  forget(tabId: number): void {
    this.cost.delete(tabId);
  }
}
