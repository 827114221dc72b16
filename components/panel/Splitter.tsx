/**
 * The bar between the event list and the detail pane: drag it, or focus it and use ←/→ (Home/End
 * for the narrowest and widest detail), as a WAI-ARIA window splitter.
 */
import type { KeyboardEvent, PointerEvent as ReactPointerEvent, RefObject } from 'react';
import { MIN_DETAIL_WIDTH, useLayout } from './layoutStore';

const KEY_STEP = 24;

export interface SplitterProps {
  /** the element holding both panes, whose width the detail is measured against */
  containerRef: RefObject<HTMLElement | null>;
  /** the detail's width now, px */
  detailWidth: number;
}

export function Splitter({ containerRef, detailWidth }: SplitterProps) {
  const setDetailWidth = useLayout((s) => s.setDetailWidth);
  const panelWidth = () => containerRef.current?.getBoundingClientRect().width ?? 0;
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const onMove = (move: PointerEvent) => {
      const box = containerRef.current?.getBoundingClientRect();
      if (box) setDetailWidth(box.right - move.clientX, box.width);
    };
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const width = panelWidth();
    const next =
      e.key === 'ArrowLeft' ? detailWidth + KEY_STEP : e.key === 'ArrowRight' ? detailWidth - KEY_STEP : e.key === 'Home' ? MIN_DETAIL_WIDTH : e.key === 'End' ? width : null;
    if (next === null) return;
    // The panel's own list and tab keys must not also act on this key.
    e.preventDefault();
    e.stopPropagation();
    setDetailWidth(next, width);
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail pane"
      aria-valuenow={detailWidth}
      aria-valuemin={MIN_DETAIL_WIDTH}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
