// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ErrorBoundary } from './ErrorBoundary';

function Boom({ when }: { when: boolean }): React.ReactNode {
  if (when) throw new Error('too deep');
  return <span>fine</span>;
}

afterEach(cleanup);

describe('ErrorBoundary', () => {
  it('shows a failed view as a message, keeps its siblings, and tries again when its key changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { rerender } = render(
      <div>
        <ErrorBoundary what="the event detail" resetKey="e-1">
          <Boom when />
        </ErrorBoundary>
        <span>sibling</span>
      </div>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Could not show the event detail: too deep');
    expect(screen.getByText('sibling')).toBeTruthy();
    rerender(
      <div>
        <ErrorBoundary what="the event detail" resetKey="e-2">
          <Boom when={false} />
        </ErrorBoundary>
        <span>sibling</span>
      </div>,
    );
    expect(screen.getByText('fine')).toBeTruthy();
  });
});
