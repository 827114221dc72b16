// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { ErrorBoundary } from '../ErrorBoundary';
import { lazyView, WhileLoading } from './lazyView';

afterEach(cleanup);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function Greeting({ name }: { name: string }) {
  return <p>Hello {name}</p>;
}

function shown(View: (props: { name: string }) => React.ReactNode, name: string) {
  return (
    <ErrorBoundary what="the greeting">
      <WhileLoading placeholder="Loading the greeting…">
        <View name={name} />
      </WhileLoading>
    </ErrorBoundary>
  );
}

describe('lazyView', () => {
  it('shows the quiet placeholder while the view loads, then the view with its props', async () => {
    const chunk = deferred<typeof Greeting>();
    const View = lazyView(() => chunk.promise);
    // Rendered in an awaited act, as React needs to retry a suspended render in a test.
    await act(async () => {
      render(shown(View, 'Ada'));
    });
    expect(screen.getByText('Loading the greeting…').getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
    await act(async () => chunk.resolve(Greeting));
    expect(screen.getByText('Hello Ada')).toBeTruthy();
    expect(screen.queryByText('Loading the greeting…')).toBeNull();
  });

  it('renders at once, with no placeholder, once preloaded', async () => {
    let loads = 0;
    const View = lazyView(async () => {
      loads++;
      return Greeting;
    });
    await View.preload();
    render(shown(View, 'Grace'));
    expect(screen.getByText('Hello Grace')).toBeTruthy();
    expect(screen.queryByText('Loading the greeting…')).toBeNull();
    await View.preload();
    expect(loads).toBe(1);
  });

  it('says so in place of the view when its chunk fails to load, never leaving the placeholder', async () => {
    const View = lazyView(() => Promise.reject(new Error('chunk missing')));
    await act(async () => {
      render(shown(View, 'Linus'));
    });
    expect(screen.getByRole('alert').textContent).toContain('Could not show the greeting: chunk missing');
    expect(screen.queryByText('Loading the greeting…')).toBeNull();
  });
});
