import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { panelPrefsItem, webhookSecretItem } from './storageItems';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('panel storage items', () => {
  it('read what earlier builds stored under the same local keys', async () => {
    const prefs = { filter: { sources: null, types: ['identify'], statuses: null, hasFindings: false, text: '' }, timeMode: 'absolute' };
    await fakeBrowser.storage.local.set({ panelPrefs: prefs, webhookSecret: 'kept' });
    expect(await panelPrefsItem.getValue()).toEqual(prefs);
    expect(await webhookSecretItem.getValue()).toBe('kept');
  });

  it('fall back to nothing stored, and forget the secret when removed', async () => {
    expect(await panelPrefsItem.getValue()).toBeNull();
    await webhookSecretItem.setValue('typed');
    expect(await fakeBrowser.storage.local.get('webhookSecret')).toEqual({ webhookSecret: 'typed' });
    await webhookSecretItem.removeValue();
    expect(await webhookSecretItem.getValue()).toBeNull();
    expect(await fakeBrowser.storage.local.get('webhookSecret')).toEqual({});
  });
});
