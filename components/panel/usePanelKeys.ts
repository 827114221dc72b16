/**
 * The panel's keyboard, as in DevTools: anywhere in the Events view except while typing in a
 * field. ↑/↓ (j/k), Home/End and PgUp/PgDn select and open; ←/→ step the detail tabs, or fold a
 * PF action with no event open; `/` searches; `?` shows the shortcuts; Esc backs out.
 */
import { useEffect, useRef, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { SessionEvent } from '../../lib/shared/session/schema';
import { listMoveFor, moveSelection, stepTab } from '../../lib/extension-pages/panel/listKeys';
import type { PanelRow, PfGroup } from '../../lib/extension-pages/panel/pfGroups';
import { ROW_HEIGHT } from './EventList';
import { detailTabsFor } from './detailTabs';
import { useLayoutStoreApi } from './layoutStore';
import { usePanelStoreApi } from './store';

/** rows a page key moves by before the list has been laid out */
const FALLBACK_PAGE = 10;

export interface PanelKeysInput {
  rows: readonly PanelRow[];
  groups: ReadonlyMap<string, PfGroup>;
  selected: SessionEvent | null;
  searchRef: RefObject<HTMLInputElement | null>;
  setUnfolded: Dispatch<SetStateAction<ReadonlySet<string>>>;
}

export function usePanelKeys({ rows, groups, selected, searchRef, setUnfolded }: PanelKeysInput): void {
  const store = usePanelStoreApi();
  const layout = useLayoutStoreApi();
  const latest = useRef({ rows, groups, selected });
  latest.current = { rows, groups, selected };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const s = store.getState();
      // The list shortcuts mean nothing on the Identity view, which has no list; a control that took the key keeps it.
      if (isTypingTarget(e.target) || s.view !== 'events' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const { rows: shownRows, groups: shownGroupsNow, selected: open } = latest.current;
      const move = listMoveFor(e.key);
      if (e.key === '?') {
        e.preventDefault();
        layout.getState().setShortcutsOpen(!layout.getState().shortcutsOpen);
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (move !== null) {
        e.preventDefault();
        const viewport = document.querySelector('.event-list__viewport');
        const height = viewport?.clientHeight ?? 0;
        const page = height > 0 ? Math.max(1, Math.floor(height / ROW_HEIGHT)) : FALLBACK_PAGE;
        const next = moveSelection(shownRows, s.selectedId, move, page);
        if (next !== null) s.select(next, true);
      } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && !isInTablist(e.target)) {
        const step = e.key === 'ArrowRight' ? 1 : -1;
        if (s.detailOpen && open) {
          e.preventDefault();
          const tabs = detailTabsFor(open);
          s.setDetailTab(stepTab(tabs, tabs.includes(s.detailTab) ? s.detailTab : tabs[0]!, step));
        } else if (s.selectedId !== null) {
          const group = shownGroupsNow.get(s.selectedId);
          if (group && group.id === s.selectedId) {
            e.preventDefault();
            toggleGroupTo(group.id, step === 1);
          }
        }
      } else if (e.key === 'Enter' && s.selectedId !== null && !isControl(e.target)) {
        e.preventDefault();
        s.openDetail();
      } else if (e.key === 'Escape') {
        if (layout.getState().shortcutsOpen) layout.getState().setShortcutsOpen(false);
        else if (s.filter.text !== '') s.setSearchText('');
        else s.clearSelection();
      }
    };
    const toggleGroupTo = (id: string, open: boolean) =>
      setUnfolded((was) => {
        if (was.has(id) === open) return was;
        const next = new Set(was);
        if (open) next.add(id);
        else next.delete(id);
        return next;
      });
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, layout, searchRef, setUnfolded]);
}

/** Enter on a button or link must activate it, not open the detail. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a, summary, [role="tab"]') !== null;
}

/** ←/→ in a tab list (Events | Identity, the detail tabs) belong to that tab list. */
function isInTablist(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[role="tablist"], [role="separator"]') !== null;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
