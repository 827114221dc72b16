// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { JsonTree, MAX_TREE_DEPTH } from './JsonTree';

afterEach(cleanup);

describe('JsonTree', () => {
  it('renders children only once a node is expanded', () => {
    render(<JsonTree value={{ context: { page: { url: 'https://x' } } }} />);
    expect(screen.getByText('context:')).toBeTruthy();
    expect(screen.queryByText('page:')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Expand $.context' }));
    expect(screen.getByText('page:')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Collapse $.context' }));
    expect(screen.queryByText('page:')).toBeNull();
  });

  it('copies a node path and its value', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<JsonTree value={{ 'odd key': { n: 1 } }} expandDepth={2} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy path $["odd key"].n' }));
    expect(writeText).toHaveBeenLastCalledWith('$["odd key"].n');
    fireEvent.click(screen.getByRole('button', { name: 'Copy value of $["odd key"]' }));
    expect(writeText).toHaveBeenLastCalledWith('{\n  "n": 1\n}');
    await waitFor(() => expect(screen.getAllByText('copied').length).toBeGreaterThan(0));
  });

  it('falls back to execCommand when the Clipboard API refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn().mockRejectedValue(new Error('denied')) },
      configurable: true,
    });
    const execCommand = vi.fn().mockReturnValue(true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    render(<JsonTree value={{ id: 'u1' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy value of $.id' }));
    await waitFor(() => expect(execCommand).toHaveBeenCalledWith('copy'));
  });

  it('splits big arrays into chunks of 100', () => {
    render(<JsonTree value={{ list: Array.from({ length: 250 }, (_, i) => i) }} expandDepth={2} />);
    expect(screen.getByText('[0 … 99]')).toBeTruthy();
    expect(screen.getByText('[200 … 249]')).toBeTruthy();
    expect(screen.queryByText('150:')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Expand [100 … 199]' }));
    expect(screen.getByText('150:')).toBeTruthy();
  });

  it('renders HTML in values as text', () => {
    const { container } = render(<JsonTree value={{ '<b>k</b>': '<img src=x onerror=alert(1)>' }} />);
    expect(container.querySelector('img, b')).toBeNull();
    expect(screen.getByText('"<img src=x onerror=alert(1)>"')).toBeTruthy();
  });

  it('marks diff paths and opens the nodes that contain them', () => {
    const { container } = render(
      <JsonTree value={{ a: { b: { c: 2 } } }} marks={new Map([['$.a.b.c', 'changed' as const]])} />,
    );
    expect(container.querySelector('.json-node--changed')?.textContent).toContain('c: 2');
  });
});

describe('JsonTree on values deeper than any capture keeps', () => {
  it('renders a 10,000-level value down to its own limit, then a placeholder, even with a mark at the bottom', () => {
    let value: unknown = 'bottom';
    let path = '$';
    for (let i = 0; i < 10_000; i++) {
      value = { a: value };
      path += '.a';
    }
    render(<JsonTree value={value} marks={new Map([[path, 'changed']])} />);
    expect(screen.getByText(`deeper than ${MAX_TREE_DEPTH} levels: not shown`)).toBeTruthy();
    expect(screen.getAllByText('a:').length).toBe(MAX_TREE_DEPTH);
    expect(screen.queryByText('"bottom"')).toBeNull();
  });
});
