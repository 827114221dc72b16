// @vitest-environment happy-dom
import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import type { SessionDocument } from '../../lib/shared/session/schema';
import { makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeIdentify, makeSession } from '../../tests/support/sessionFactory';
import { createPanelStore, PanelStoreContext, selectBaseSession, selectJudged, selectReadOnly, usePanelStore, type PanelStore } from './store';

describe('panel store', () => {
  it('toggles chip filters back to "no filter" when the last one is removed', () => {
    const store = createPanelStore();
    store.getState().toggleSource('segment');
    expect(store.getState().filter.sources).toEqual(new Set(['segment']));
    store.getState().toggleSource('segment');
    expect(store.getState().filter.sources).toBeNull();
  });

  it('persists filters and time mode through the injected callback', () => {
    const persist = vi.fn();
    const store = createPanelStore({ services: { savePrefs: persist } });
    store.getState().toggleStatus('failed');
    store.getState().setTimeMode('absolute');
    store.getState().select('e-1');
    expect(persist).toHaveBeenCalledTimes(2);
    expect(persist).toHaveBeenLastCalledWith({
      filter: { sources: null, types: null, statuses: ['failed'], hasFindings: false, text: '' },
      timeMode: 'absolute',
    });
  });

  it('starts from stored preferences and ignores junk', () => {
    const store = createPanelStore({ initialPrefs: { filter: { text: 'plan', hasFindings: true }, timeMode: 'absolute' } });
    expect(store.getState().filter.text).toBe('plan');
    expect(store.getState().filter.hasFindings).toBe(true);
    expect(store.getState().timeMode).toBe('absolute');
    expect(createPanelStore({ initialPrefs: 42 }).getState().timeMode).toBe('relative');
  });

  it('clearing the selection closes the detail', () => {
    const store = createPanelStore();
    store.getState().select('e-1', true);
    expect(store.getState().detailOpen).toBe(true);
    store.getState().clearSelection();
    expect(store.getState()).toMatchObject({ selectedId: null, detailOpen: false });
  });
});

describe('panel store session slice', () => {
  const live = makeSession({ events: [makeIdentify(1, '7')] });
  const fileDoc = makeSession({ events: [makeEvent(1, { name: 'From the customer' })] });
  const asFile = (name: string, text: string) => new File([text], name, { type: 'application/json' });

  it('shows an imported file read-only from a fresh view, and goes back to live', async () => {
    const store = makePanelStore(live);
    store.getState().select('e-1', true);
    store.getState().setView('identity');
    expect(selectReadOnly(store.getState())).toBe(false);
    await store.getState().importSessionFile(asFile('ticket.json', JSON.stringify(fileDoc)));
    expect(selectReadOnly(store.getState())).toBe(true);
    expect(selectBaseSession(store.getState())?.document.events[0]?.name).toBe('From the customer');
    expect(store.getState()).toMatchObject({ selectedId: null, detailOpen: false, view: 'events', followTail: true });
    store.getState().backToLive();
    expect(selectReadOnly(store.getState())).toBe(false);
    expect(selectBaseSession(store.getState())?.document).toBe(live);
  });

  it('lets only the file chosen last land, however long an earlier one takes', async () => {
    const store = makePanelStore(live);
    let releaseSlow!: (text: string) => void;
    const slow = asFile('slow.json', '');
    vi.spyOn(slow, 'text').mockReturnValue(new Promise((resolve) => (releaseSlow = resolve)));
    const first = store.getState().importSessionFile(slow);
    await store.getState().importSessionFile(asFile('fast.json', JSON.stringify(fileDoc)));
    releaseSlow(JSON.stringify(live));
    await first;
    expect(store.getState().imported?.fileName).toBe('fast.json');
  });

  it('keeps what was shown when a file is refused, and says why', async () => {
    const store = makePanelStore(live);
    await store.getState().importSessionFile(asFile('broken.json', '{"format'));
    expect(store.getState().sessionImportError).toMatch(/^broken\.json: Not a session or HAR file/);
    expect(selectBaseSession(store.getState())?.document).toBe(live);
  });

  it('clears the selection with the session, and exports the judged document', () => {
    const clearSession = vi.fn(async () => {});
    const download = vi.fn();
    const store = makePanelStore(live, { services: { clearSession, download } });
    store.getState().select('e-1', true);
    store.getState().clear();
    expect(clearSession).toHaveBeenCalledOnce();
    expect(store.getState().selectedId).toBeNull();
    store.getState().setAssumptions({ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true });
    store.getState().exportSession({ redact: false });
    const exported = download.mock.calls[0]![0] as SessionDocument;
    expect(exported).not.toBe(live);
    expect(exported.events[0]!.verdict!.assumptions).toContain('email compared ignoring letter case');
  });

  it('shows the preserve-log setting the background answers', async () => {
    const store = makePanelStore(live, { services: { setPreserveLog: async () => false } });
    store.getState().setPreserveLog(true);
    await vi.waitFor(() => expect(store.getState().preserveLog).toBe(false));
  });
});

describe('panel store selectors', () => {
  const live = makeSession({ events: [makeIdentify(1, '7')] });
  const wrapperFor = (store: PanelStore) =>
    function Wrapper({ children }: { children: ReactNode }) {
      return <PanelStoreContext.Provider value={store}>{children}</PanelStoreContext.Provider>;
    };

  it('selectJudged keeps one object while its inputs stay, and judges again when an identity control changes', () => {
    const store = makePanelStore(live);
    const { result } = renderHook(() => usePanelStore(selectJudged), { wrapper: wrapperFor(store) });
    expect(result.current?.document).toBe(live);
    act(() => store.getState().setAssumptions({ ...DEFAULT_ASSUMPTIONS, emailTrimmed: true }));
    const judged = result.current;
    expect(judged?.document).not.toBe(live);
    act(() => store.getState().select('e-1', true));
    act(() => store.getState().toggleSource('segment'));
    expect(result.current).toBe(judged);
  });

  it('a useShallow selector re-renders only when a value it picked changes', () => {
    const store = makePanelStore(live);
    let renders = 0;
    renderHook(
      () => {
        renders++;
        return usePanelStore(useShallow((s) => ({ filter: s.filter, timeMode: s.timeMode })));
      },
      { wrapper: wrapperFor(store) },
    );
    const before = renders;
    act(() => store.getState().select('e-1', true));
    expect(renders).toBe(before);
    act(() => store.getState().setTimeMode('absolute'));
    expect(renders).toBe(before + 1);
  });
});

describe('panel store webhook slice', () => {
  it('starts from the remembered secret, keeps every edit while remembered, and forgets on disk only', () => {
    const saveSecret = vi.fn();
    const store = createPanelStore({ rememberedSecret: 'stored', services: { saveSecret } });
    expect(store.getState()).toMatchObject({ webhookSecret: 'stored', secretRemembered: true, canRememberSecret: true });
    store.getState().setWebhookSecret('edited');
    expect(saveSecret).toHaveBeenLastCalledWith('edited');
    store.getState().setSecretRemembered(false);
    expect(saveSecret).toHaveBeenLastCalledWith(null);
    store.getState().setWebhookSecret('typed');
    expect(saveSecret).toHaveBeenCalledTimes(2);
    expect(store.getState().webhookSecret).toBe('typed');
  });

  it('never keeps the secret without a place to keep it', () => {
    const store = createPanelStore();
    store.getState().setSecretRemembered(true);
    expect(store.getState()).toMatchObject({ canRememberSecret: false, secretRemembered: false });
  });
});
