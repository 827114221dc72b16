/**
 * A view loaded on demand, in its own chunk (Vite splits at each dynamic `import()`), so the
 * panel's first paint loads, compiles and renders only the list and the toolbar. Once loaded it
 * renders at once, with no fallback: a preloaded view never flashes its placeholder.
 */
import { Suspense, use, type ComponentType, type ReactNode } from 'react';

export interface LazyView<P extends object> {
  (props: P): ReactNode;
  /** starts loading the view's chunk; resolves when it can render without suspending */
  preload(): Promise<unknown>;
}

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loading: Promise<ComponentType<P>> | null = null;
  let loaded: ComponentType<P> | null = null;
  // A chunk that fails to load stays failed: that happens only when the extension was updated or
  // removed under the page, whose every other call then fails too.
  const preload = () => (loading ??= load().then((view) => (loaded = view)));
  function View(props: P) {
    const Loaded = loaded ?? use(preload());
    return <Loaded {...props} />;
  }
  return Object.assign(View, { preload });
}

/** Shows `placeholder` (quiet, never an error) while a lazy view inside it loads. */
export function WhileLoading({ placeholder, children }: { placeholder: string; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="empty-note" aria-busy="true">
          {placeholder}
        </p>
      }
    >
      {children}
    </Suspense>
  );
}
