// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASSUMPTIONS } from '../../lib/shared/identity/assumptions';
import { AuditPanel } from './AuditPanel';

afterEach(cleanup);

// happy-dom does no layout; give the examples viewport the height a browser would, so the
// virtual list renders rows.
beforeEach(() => {
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  const sized = (el: HTMLElement, px: number, original?: PropertyDescriptor) => (el.classList.contains('audit__viewport') ? px : ((original?.get?.call(el) as number) ?? 0));
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get(this: HTMLElement) { return sized(this, 320, height); } });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get(this: HTMLElement) { return sized(this, 600, width); } });
  return () => {
    if (height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', height);
    if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width);
  };
});

const USERS = new File(['username,email\nann,ann@example.com\nbob,bob@example.com\n'], 'pf-users.csv', { type: 'text/csv' });
const EVENTS = new File(
  [
    [
      'user_id,anonymous_id,email,received_at',
      'ann,a1,ann@example.com,2024-01-01 00:00:01',
      'eve,a2,bob@example.com,2024-01-01 00:00:02',
      'dan,a3,,2024-01-01 00:00:03',
      'broken',
    ].join('\n'),
  ],
  'identifies.csv',
);

function choose(label: RegExp, file: File) {
  fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });
}

describe('AuditPanel', () => {
  it('audits the dropped files: counts per classification, skipped rows, examples with their rule path', async () => {
    render(<AuditPanel assumptions={DEFAULT_ASSUMPTIONS} />);
    choose(/Segment identity data/, EVENTS);
    choose(/PF users/, USERS);
    fireEvent.click(screen.getByRole('button', { name: 'Run audit' }));
    const summary = await screen.findByRole('table', { name: 'Audit summary' });
    const count = (label: RegExp) => within(summary).getByRole('button', { name: label }).closest('tr')?.querySelector('td')?.textContent;
    expect(count(/^Same person/)).toBe('1');
    expect(count(/^Wrong user/)).toBe('1');
    expect(count(/^New PF user/)).toBe('1');
    expect(screen.getByText('1 row(s) of identifies.csv skipped')).toBeTruthy();
    expect(screen.getByText(/line 5: expected 4 cells, found 1/)).toBeTruthy();

    // Wrong user is the first non-empty problem class, so its examples show first.
    const example = within(screen.getByRole('list', { name: 'Examples' })).getByRole('button', { name: /eve/ });
    fireEvent.click(example);
    const detail = screen.getByLabelText('Example detail');
    expect(within(detail).getByText(/lands by the email rule on PF user "bob"/)).toBeTruthy();
    expect(within(detail).getByRole('list', { name: 'Matching rule, step by step' }).textContent).toMatch(/Email → PF email found/);
  });

  it('keeps the last result and names the problem when the next file is not identity data', async () => {
    render(<AuditPanel assumptions={DEFAULT_ASSUMPTIONS} />);
    choose(/Segment identity data/, EVENTS);
    choose(/PF users/, USERS);
    fireEvent.click(screen.getByRole('button', { name: 'Run audit' }));
    await screen.findByRole('table', { name: 'Audit summary' });
    choose(/Segment identity data/, new File(['name,age\nann,3\n'], 'people.csv'));
    fireEvent.click(screen.getByRole('button', { name: 'Run audit' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not Segment identity data \(people\.csv\): expected NDJSON/);
    expect(screen.getByRole('table', { name: 'Audit summary' })).toBeTruthy();
  });

  it('copies the audit as SQL in the chosen dialect with the active assumptions', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    render(<AuditPanel assumptions={{ ...DEFAULT_ASSUMPTIONS, emailCaseInsensitive: true }} />);
    fireEvent.change(screen.getByLabelText(/SQL dialect/), { target: { value: 'bigquery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy as SQL' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const sql = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(sql).toContain('(bigquery)');
    expect(sql).toContain('CAST(NULL AS STRING)');
    expect(sql).toContain('email compared ignoring letter case');
    expect(await screen.findByRole('status')).toBeTruthy();
  });
});
