/**
 * What the panel keeps in extension storage, one typed item per value, each read and written only
 * through its item here. Bump `version` (with a migration) when a stored shape changes.
 */
import { storage } from 'wxt/utils/storage';
import type { PersistedFilter } from './panel/filter';
import type { TimeMode } from './panel/time';

/** Panel preferences that survive a reload; JSON-safe. */
export interface PanelPrefs {
  filter: PersistedFilter;
  timeMode: TimeMode;
}

/**
 * Typed `unknown`: an older build or a hand edit may have stored anything; the panel store
 * validates it on the way in.
 */
export const panelPrefsItem = storage.defineItem<unknown>('local:panelPrefs', { fallback: null, version: 1 });

/** The PF webhook secret, written only when the user ticks "Remember secret on this computer". */
export const webhookSecretItem = storage.defineItem<string | null>('local:webhookSecret', { fallback: null, version: 1 });
