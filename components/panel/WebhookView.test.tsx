// @vitest-environment happy-dom
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { makeEvent, makePfEvent } from '../../tests/support/sessionFactory';
import { EventDetail } from './EventDetail';
import { createPanelStore, PanelStoreContext } from './store';
import { WebhookView } from './WebhookView';

afterEach(cleanup);

const event = makeEvent(3, {
  name: 'Plan <b>Changed</b>',
  built: { type: 'track', event: 'Plan <b>Changed</b>', properties: { plan: 'pro' }, writeKey: 'wk', timestamp: '2026-11-29T17:59:03.000Z', context: { page: { url: 'https://app.example.com/' } } },
  sent: null,
});

/** The page's wiring: secret and URL in the panel store; onRememberSecret is the only way to storage. */
function Harness({ onRememberSecret, rememberedSecret = null }: { onRememberSecret?: (secret: string | null) => void; rememberedSecret?: string | null }) {
  const [store] = useState(() => createPanelStore({ rememberedSecret, services: { saveSecret: onRememberSecret } }));
  return (
    <PanelStoreContext.Provider value={store}>
      <WebhookView event={event} />
    </PanelStoreContext.Provider>
  );
}

const shownBody = () => screen.getByLabelText('Webhook body').textContent ?? '';
const secretInput = () => screen.getByLabelText(/^Shared Secret/) as HTMLInputElement;
const hmac = (secret: string, body: string) => createHmac('sha1', secret).update(body).digest('hex');

describe('WebhookView', () => {
  it('shows the body PF would receive, with the server-added fields marked', () => {
    const { container } = render(<Harness />);
    const body = JSON.parse(shownBody()) as Record<string, unknown>;
    expect(body.writeKey).toBeUndefined();
    expect(body.originalTimestamp).toBe('2026-11-29T17:59:03.000Z');
    expect(body.event).toBe('Plan <b>Changed</b>');
    expect(container.querySelector('b')).toBeNull();
    const marked = [...container.querySelectorAll('.webhook__line--server')].map((line) => line.textContent!.trim().split('"')[1]);
    expect(marked.sort()).toEqual(['ip', 'originalTimestamp', 'receivedAt', 'sentAt']);
    expect(screen.getByText(/added by Segment's servers/).textContent).toContain('receivedAt, originalTimestamp, sentAt, context.ip');
  });

  it('signs the shown body with the typed secret as hex HMAC-SHA1, recomputed while typing', async () => {
    render(<Harness />);
    expect(secretInput().type).toBe('password');
    expect(screen.queryByTestId('webhook-signature')).toBeNull();
    fireEvent.change(secretInput(), { target: { value: 'pf' } });
    await waitFor(() => expect(screen.getByTestId('webhook-signature').textContent).toBe(hmac('pf', shownBody())));
    fireEvent.change(secretInput(), { target: { value: 'pf-secret' } });
    await waitFor(() => expect(screen.getByTestId('webhook-signature').textContent).toBe(hmac('pf-secret', shownBody())));
  });

  it('keeps the secret in memory unless "Remember" is ticked, and forgets it when unticked', () => {
    const onRememberSecret = vi.fn();
    render(<Harness onRememberSecret={onRememberSecret} />);
    fireEvent.change(secretInput(), { target: { value: 'typed' } });
    expect(onRememberSecret).not.toHaveBeenCalled();
    const remember = screen.getByRole('checkbox', { name: /Remember secret until the browser closes/ });
    fireEvent.click(remember);
    expect(onRememberSecret).toHaveBeenLastCalledWith('typed');
    fireEvent.change(secretInput(), { target: { value: 'typed again' } });
    expect(onRememberSecret).toHaveBeenLastCalledWith('typed again');
    fireEvent.click(remember);
    expect(onRememberSecret).toHaveBeenLastCalledWith(null);
    expect(secretInput().value).toBe('typed again');
  });

  it('starts from a remembered secret', () => {
    render(<Harness onRememberSecret={() => {}} rememberedSecret="stored" />);
    expect(secretInput().value).toBe('stored');
    expect((screen.getByRole('checkbox', { name: /Remember secret until the browser closes/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('copies a cURL command with the URL, the signature and the shown body', async () => {
    const writeText = vi.fn(async (_text: string) => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<Harness />);
    fireEvent.change(screen.getByLabelText(/^Webhook URL/), { target: { value: 'https://webhooks.example.com/pf' } });
    fireEvent.change(secretInput(), { target: { value: 's3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy as cURL' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('cURL command copied.'));
    const command = writeText.mock.calls[0]![0];
    expect(command).toContain("curl -X POST 'https://webhooks.example.com/pf'");
    expect(command).toContain(`X-Signature: ${hmac('s3', shownBody())}`);
    expect(command).toContain(shownBody());
    vi.unstubAllGlobals();
  });
});

describe('EventDetail Webhook tab', () => {
  function Detail({ event: shown }: { event: typeof event }) {
    const [store] = useState(() => {
      const created = createPanelStore();
      created.getState().setDetailTab('webhook');
      return created;
    });
    return (
      <PanelStoreContext.Provider value={store}>
        <EventDetail event={shown} linked={null} />
      </PanelStoreContext.Provider>
    );
  }

  it('is offered on Segment events only', () => {
    const { rerender } = render(<Detail event={event} />);
    expect(screen.getByRole('tab', { name: 'Webhook' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByLabelText('Webhook body')).toBeTruthy();
    rerender(<Detail event={makePfEvent(4, 'tour-finished')} />);
    expect(screen.queryByRole('tab', { name: 'Webhook' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Called' }).getAttribute('aria-selected')).toBe('true');
  });

  it('warns when the URL and the secret are swapped, and shows or hides the secret', () => {
    render(<Harness />);
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(screen.getByLabelText(/^Webhook URL/), { target: { value: 'pf-secret-123' } });
    fireEvent.change(secretInput(), { target: { value: 'https://api.productfruits.com/hook/1' } });
    const warnings = screen.getByRole('alert', { name: 'Webhook settings warnings' }).textContent ?? '';
    expect(warnings).toContain('does not hold a URL');
    expect(warnings).toContain('The Shared Secret field holds a URL');
    expect(secretInput().type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show secret' }));
    expect(secretInput().type).toBe('text');
    fireEvent.click(screen.getByRole('button', { name: 'Hide secret' }));
    expect(secretInput().type).toBe('password');
  });

  it('keeps receivedAt fixed across re-opens and lets it be edited', () => {
    const store = createPanelStore();
    const view = () => (
      <PanelStoreContext.Provider value={store}>
        <WebhookView event={event} />
      </PanelStoreContext.Provider>
    );
    const { unmount } = render(view());
    const first = (JSON.parse(shownBody()) as { receivedAt: string }).receivedAt;
    unmount();
    render(view());
    expect((JSON.parse(shownBody()) as { receivedAt: string }).receivedAt).toBe(first);
    fireEvent.change(screen.getByLabelText(/^receivedAt/), { target: { value: '2026-11-29T18:00:00.000Z' } });
    expect((JSON.parse(shownBody()) as { receivedAt: string }).receivedAt).toBe('2026-11-29T18:00:00.000Z');
  });

  it('verifies a signature PF received with the secret and with the two fields swapped', async () => {
    render(<Harness />);
    const url = 'https://api.productfruits.com/hook/1';
    fireEvent.change(screen.getByLabelText(/^Webhook URL/), { target: { value: url } });
    fireEvent.change(secretInput(), { target: { value: 's3cr3t' } });
    const received = '{"type":"track","event":"Clicked"}';
    fireEvent.change(screen.getByLabelText('Raw body as received'), { target: { value: received } });
    fireEvent.change(screen.getByLabelText('X-Signature as received'), { target: { value: hmac(url, received) } });
    fireEvent.click(screen.getByRole('button', { name: 'Check the signature' }));
    await waitFor(() => expect(screen.getByText(/the URL and the secret are swapped in Segment/)).toBeTruthy());
    fireEvent.change(screen.getByLabelText('X-Signature as received'), { target: { value: hmac('s3cr3t', received) } });
    fireEvent.click(screen.getByRole('button', { name: 'Check the signature' }));
    await waitFor(() => expect(screen.getByText(/Signed with the Shared Secret/)).toBeTruthy());
  });
});
