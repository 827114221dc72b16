import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

/**
 * happy-dom does no layout: every element is 0px high, scrollHeight is 0 and scrollTo fires no
 * scroll event, so the virtual list would render nothing and never follow. For the list
 * viewport only, emulate what a browser does: a fixed height, a scroll height equal to the
 * canvas height, and a scroll event after each programmatic scroll. Returns a restore function.
 */
const VIEWPORT = 'event-list__viewport';
const PATCHED = ['clientHeight', 'scrollHeight', 'scrollTo'] as const;

export function fakeListViewportHeight(height: number): () => void {
  const proto = HTMLElement.prototype;
  const own = new Map(PATCHED.map((name) => [name, Object.getOwnPropertyDescriptor(proto, name)]));
  // What the element would report without the patch (own descriptor, or inherited from Element).
  const original = (name: (typeof PATCHED)[number]) => own.get(name) ?? Object.getOwnPropertyDescriptor(Element.prototype, name);
  const isViewport = (el: HTMLElement) => el.classList.contains(VIEWPORT);
  const canvasHeight = (el: HTMLElement) => parseFloat((el.firstElementChild as HTMLElement | null)?.style.height ?? '') || 0;

  Object.defineProperty(proto, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isViewport(this) ? height : (original('clientHeight')?.get?.call(this) ?? 0);
    },
  });
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isViewport(this) ? Math.max(canvasHeight(this), height) : (original('scrollHeight')?.get?.call(this) ?? 0);
    },
  });
  const scrollTo = original('scrollTo')?.value as ((...args: unknown[]) => void) | undefined;
  Object.defineProperty(proto, 'scrollTo', {
    configurable: true,
    writable: true,
    value(this: HTMLElement, ...args: unknown[]) {
      scrollTo?.apply(this, args);
      if (isViewport(this)) this.dispatchEvent(new Event('scroll'));
    },
  });

  return () => {
    for (const [name, descriptor] of own) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else delete (proto as unknown as Record<string, unknown>)[name];
    }
  };
}

/** For a component test file: the list viewport emulated at `height` and the DOM cleaned after each test. */
export function useListViewport(height: number): void {
  let restore: () => void = () => undefined;
  beforeEach(() => {
    restore = fakeListViewportHeight(height);
  });
  afterEach(() => {
    cleanup();
    restore();
  });
}
