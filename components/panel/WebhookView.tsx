/**
 * Webhook tab: the body Segment's Webhooks destination would POST to Product Fruits for this
 * event, its X-Signature for the customer's secret, and a cURL command that replays it. The body
 * shown is the exact text that is signed and sent by the cURL command.
 */
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { SessionEvent } from '../../lib/shared/session/schema';
import { jsonLines } from '../../lib/extension-pages/webhook/jsonLines';
import { buildWebhookBody, curlCommand, webhookSignature } from '../../lib/extension-pages/webhook/preview';
import { copyText } from '../../lib/extension-pages/copyText';
import { useShallow } from 'zustand/react/shallow';
import { usePanelStore } from './store';

const URL_PLACEHOLDER = 'https://PF-WEBHOOK-URL';

export function WebhookView({ event }: { event: SessionEvent }) {
  // The time Segment would receive it is "now"; fixed per event so the signature stays still.
  const webhook = useMemo(() => {
    const sent = asRecord(event.sent);
    const payload = asRecord(event.built) ?? sent;
    return payload ? buildWebhookBody(payload, sent, new Date()) : null;
  }, [event.built, event.sent]);
  if (!webhook) return <p className="empty-note">No payload was seen for this event, so there is no webhook body to show.</p>;
  return <WebhookPreview rawBody={JSON.stringify(webhook.body, null, 2)} body={webhook.body} serverAdded={webhook.serverAdded} />;
}

interface PreviewProps {
  rawBody: string;
  body: Record<string, unknown>;
  serverAdded: string[];
}

/** Secret and URL outlive the selected event: they are the store's, which alone decides what is kept on disk. */
function WebhookPreview({ rawBody, body, serverAdded }: PreviewProps) {
  const { secret, url, remembered, canRemember, setSecret, setUrl, setRemembered } = usePanelStore(
    useShallow((s) => ({
      secret: s.webhookSecret,
      url: s.webhookUrl,
      remembered: s.secretRemembered,
      canRemember: s.canRememberSecret,
      setSecret: s.setWebhookSecret,
      setUrl: s.setWebhookUrl,
      setRemembered: s.setSecretRemembered,
    })),
  );
  const signature = useSignature(secret, rawBody);
  const [copied, setCopied] = useState<string | null>(null);
  const copyCurl = async () => {
    // Signed here rather than reusing the shown signature, which may still be computing.
    const header = secret === '' ? null : await webhookSignature(secret, rawBody);
    const ok = await copyText(curlCommand(url || URL_PLACEHOLDER, rawBody, header));
    setCopied(ok ? 'cURL command copied.' : 'Could not copy: the browser refused the clipboard.');
  };

  return (
    <div className="webhook">
      <div className="webhook__inputs">
        <label>
          PF webhook URL
          <input type="url" value={url} placeholder={URL_PLACEHOLDER} onChange={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          Webhook secret
          <input type="password" value={secret} autoComplete="off" onChange={(e) => setSecret(e.currentTarget.value)} />
        </label>
        {canRemember && (
          <label className="toggle">
            <input type="checkbox" checked={remembered} onChange={(e) => setRemembered(e.currentTarget.checked)} />
            Remember secret until the browser closes
            <span className="empty-note">kept in memory (storage.session), never written to disk</span>
          </label>
        )}
      </div>
      <dl className="facts" aria-label="Headers">
        <dt>Content-Type</dt>
        <dd>
          <code>application/json</code>
        </dd>
        <dt>X-Signature</dt>
        <dd>
          {secret === '' ? (
            <span className="empty-note">none: without a secret Segment sends no signature</span>
          ) : (
            <code data-testid="webhook-signature">{signature ?? '…'}</code>
          )}
        </dd>
      </dl>
      <div className="webhook__actions">
        <button type="button" onClick={() => void copyCurl()}>
          Copy as cURL
        </button>
        {copied && <span role="status">{copied}</span>}
      </div>
      <p className="webhook__legend">
        <span className="webhook__server-key">server</span> added by Segment&apos;s servers, not by the page: {serverAdded.join(', ')}
        {serverAdded.includes('context.ip') ? ' (the IP is a placeholder)' : ''}
      </p>
      <WebhookBodyText body={body} serverAdded={serverAdded} />
    </div>
  );
}

/** The body as text, one span per line; server-added lines are highlighted with a CSS badge that is not part of the text. */
function WebhookBodyText({ body, serverAdded }: { body: Record<string, unknown>; serverAdded: string[] }) {
  const lines = useMemo(() => jsonLines(body), [body]);
  const added = new Set(serverAdded);
  return (
    <pre className="webhook__body" aria-label="Webhook body">
      {lines.map((line, i) => (
        <Fragment key={i}>
          <span className={line.path !== null && added.has(line.path) ? 'webhook__line webhook__line--server' : 'webhook__line'}>{line.text}</span>
          {i < lines.length - 1 ? '\n' : ''}
        </Fragment>
      ))}
    </pre>
  );
}

/** Recomputed as the secret is typed; a late result for an older secret never overwrites a newer one. */
function useSignature(secret: string, rawBody: string): string | null {
  const [result, setResult] = useState<{ secret: string; rawBody: string; hex: string } | null>(null);
  useEffect(() => {
    if (secret === '') return;
    let current = true;
    void webhookSignature(secret, rawBody).then((hex) => {
      if (current) setResult({ secret, rawBody, hex });
    });
    return () => {
      current = false;
    };
  }, [secret, rawBody]);
  return result && result.secret === secret && result.rawBody === rawBody ? result.hex : null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
