import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { panelPrefsItem, rememberedSecret, webhookSecretItem } from './storageItems';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('panel storage items', () => {
  it('read what earlier builds stored under the same local keys', async () => {
    const prefs = { filter: { sources: null, types: ['identify'], statuses: null, hasFindings: false, text: '' }, timeMode: 'absolute' };
    await fakeBrowser.storage.local.set({ panelPrefs: prefs });
    expect(await panelPrefsItem.getValue()).toEqual(prefs);
  });

  it('move a secret an earlier build left on disk into memory, and erase it from disk', async () => {
    await fakeBrowser.storage.local.set({ webhookSecret: 'kept' });
    expect(await rememberedSecret()).toBe('kept');
    expect(await fakeBrowser.storage.local.get('webhookSecret')).toEqual({});
    expect(await fakeBrowser.storage.session.get('webhookSecret')).toEqual({ webhookSecret: 'kept' });
  });

  it('fall back to nothing stored, and forget the secret when removed', async () => {
    expect(await panelPrefsItem.getValue()).toBeNull();
    await webhookSecretItem.setValue('typed');
    // Never on disk: only in storage.session, which lives until the browser closes.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.session.get('webhookSecret')).toEqual({ webhookSecret: 'typed' });
    await webhookSecretItem.removeValue();
    expect(await rememberedSecret()).toBeNull();
    expect(await fakeBrowser.storage.session.get('webhookSecret')).toEqual({});
  });
});
