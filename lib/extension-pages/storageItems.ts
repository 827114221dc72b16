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

/**
 * The PF webhook secret, kept only when the user ticks "Remember secret until the browser
 * closes": in `storage.session`, which lives in memory and never reaches disk.
 */
export const webhookSecretItem = storage.defineItem<string | null>('session:webhookSecret', { fallback: null });

/** Where earlier builds remembered the secret, on disk: read once, moved to memory and erased. */
const diskSecretItem = storage.defineItem<string | null>('local:webhookSecret', { fallback: null, version: 1 });

/** The remembered secret; one an earlier build left on disk is moved to `storage.session` and erased from disk. */
export async function rememberedSecret(): Promise<string | null> {
  const [inMemory, onDisk] = await Promise.all([webhookSecretItem.getValue(), diskSecretItem.getValue()]);
  if (onDisk === null) return inMemory;
  await diskSecretItem.removeValue();
  if (inMemory !== null) return inMemory;
  await webhookSecretItem.setValue(onDisk);
  return onDisk;
}
