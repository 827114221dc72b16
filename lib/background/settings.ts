/**
 * The capture settings: stored in `storage.local` through one typed item, read by the
 * background only (pages ask it with `settings:get`). Every captured batch needs them, so they
 * are kept in memory, and the item's `watch` keeps that copy current.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, settingsFrom, type Settings } from '../shared/messages';

const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 1 });

export class SettingsCache {
  private current: Promise<Settings> | null = null;

  constructor(private readonly item = settingsItem) {
    item.watch((stored) => {
      this.current = Promise.resolve(settingsFrom(stored));
    });
  }

  get(): Promise<Settings> {
    this.current ??= this.item.getValue().then(settingsFrom);
    return this.current;
  }

  async set(change: Partial<Settings>): Promise<Settings> {
    const next = { ...(await this.get()), ...change };
    this.current = Promise.resolve(next);
    await this.item.setValue(next);
    return next;
  }
}
