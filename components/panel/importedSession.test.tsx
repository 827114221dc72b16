// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useListViewport } from '../../tests/support/viewport';
import { makePanelStore } from '../../tests/support/panelStore';
import { makeEvent, makeEvents, makeSession } from '../../tests/support/sessionFactory';
import { downloadSession } from '../../lib/extension-pages/downloadSession';
import { redactForExport } from '../../lib/extension-pages/redact';
import { readSessionFile } from './importedSession';
import { PanelApp } from './PanelApp';
import { preloadPanelViews } from './lazyViews';

// Loaded as after the panel's idle preload, so they render at once (lazyView.test.tsx covers the wait).
beforeAll(() => preloadPanelViews());

useListViewport(600);

const live = makeSession({ events: makeEvents(3) });
const file = makeSession({ page: { url: 'https://customer.example.com/', title: 'Customer' }, events: [makeEvent(1, { name: 'From the customer' })] });
const liveStatus = { light: 'grey' as const, reason: 'Nothing to judge yet.' };
const asFile = (name: string, text: string) => new File([text], name, { type: 'application/json' });

/** The same wiring as PanelPage: the live capture until a file is imported, then the file, read-only. */
function ImportedSessionView() {
  const [store] = useState(() => makePanelStore(live, { status: liveStatus }));
  return <PanelApp store={store} identityView />;
}

const pick = async (f: File) => {
  await act(async () => {
    fireEvent.change(screen.getByLabelText('Import session file'), { target: { files: [f] } });
  });
};

describe('importing a session in the panel', () => {
  it('shows an imported file read-only with a banner, and goes back to the live capture', async () => {
    render(<ImportedSessionView />);
    await pick(asFile('ticket-123.json', JSON.stringify(file)));
    expect(screen.getByRole('status').textContent).toContain('Imported ticket-123.json (session) — read-only');
    expect(screen.getByText('From the customer')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to live capture' }));
    expect(screen.getAllByRole('option')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Clear' })).toBeTruthy();
  });

  it('says why a corrupt file was refused and keeps the live capture', async () => {
    render(<ImportedSessionView />);
    await pick(asFile('broken.json', '{"format": "segment-pf-c'));
    expect(screen.getByRole('alert').textContent).toMatch(/^Import failed: broken\.json: Not a session or HAR file: the file is not valid JSON/);
    expect(screen.getAllByRole('option')).toHaveLength(3);
  });

  it('keeps the previously imported file when the next one is corrupt', async () => {
    render(<ImportedSessionView />);
    await pick(asFile('ticket-123.json', JSON.stringify(file)));
    await pick(asFile('other.json', JSON.stringify({ ...file, events: 'nope' })));
    expect(screen.getByRole('alert').textContent).toContain('other.json: This session file is damaged: events');
    expect(screen.getByText('From the customer')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('ticket-123.json');
  });

  it('reads HAR files', async () => {
    const har = { log: { entries: [{ startedDateTime: '2026-11-29T18:00:00.000Z', request: { url: 'https://api.segment.io/v1/t', postData: { text: JSON.stringify({ type: 'track', event: 'Clicked', writeKey: 'wk', messageId: 'm1' }) } }, response: { status: 200 } }] } };
    const imported = await readSessionFile(asFile('capture.har', JSON.stringify(har)));
    expect(imported.kind).toBe('har');
    expect(imported.document.events[0]?.name).toBe('Clicked');
  });
});

describe('a redacted file in the panel', () => {
  it('says in the import banner what redaction removed', async () => {
    const pageUser = { username: '42', email: 'ann@example.com', plan: 'pro' };
    const identify = { type: 'identify', userId: '42', traits: { email: 'ann@example.com', name: 'Ann' }, messageId: 'm-1' };
    const original = makeSession({
      productFruits: { ...makeSession().productFruits, user: pageUser, userTimeline: [{ at: '2026-11-29T17:59:00.000Z', via: 'init', user: pageUser, afterSeq: 0 }] },
      events: [makeEvent(1, { type: 'identify', name: null, args: ['42', { email: 'ann@example.com', name: 'Ann' }], built: identify, sent: identify })],
    });
    render(<ImportedSessionView />);
    await pick(asFile('redacted.json', JSON.stringify(redactForExport(original).document)));
    expect(screen.getByRole('status').textContent).toContain(
      'Redacted: 1 email address replaced by stable pseudonyms (verdicts unchanged); 5 values of traits and PF user fields removed.',
    );
  });
});

describe('downloadSession', () => {
  it('downloads the document, redacted when asked, under its export file name', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:session';
    });
    const clicks: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href });
    });
    const now = new Date('2026-12-01T10:00:00.000Z');
    downloadSession(live, { redact: true }, now);
    expect(clicks).toEqual([{ download: 'segment-session-app.example.com-2026-12-01T10-00-00-000Z.json', href: 'blob:session' }]);
    const text = await blobs[0]!.text();
    expect(text).not.toContain('ann@example.com');
    expect(JSON.parse(text).exportedAt).toBe('2026-12-01T10:00:00.000Z');
    expect(document.querySelector('a[download]')).toBeNull();
    vi.restoreAllMocks();
  });
});
