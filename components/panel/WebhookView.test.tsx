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
const secretInput = () => screen.getByLabelText('Webhook secret') as HTMLInputElement;
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
    fireEvent.change(screen.getByLabelText('PF webhook URL'), { target: { value: 'https://webhooks.example.com/pf' } });
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
});
