/**
 * Keeps one view's render failure to that view: it shows what went wrong in its place and the
 * rest of the page keeps working. `resetKey` (e.g. the selected event's id) tries again when it
 * changes.
 */
import { Component, type ReactNode } from 'react';

interface Props {
  /** what this part shows, for the message: "the event detail" */
  what: string;
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: string | null;
  key: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: typeof (error as Error)?.message === 'string' ? (error as Error).message : 'unknown error' };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <p className="empty-state" role="alert">
        Could not show {this.props.what}: {this.state.error.slice(0, 300)}. The rest of the capture is unaffected.
      </p>
    );
  }
}
