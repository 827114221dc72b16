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
import { checkReceivedSignature, SIGNATURE_CHECK_TEXT, webhookFieldWarnings, type SignatureCheck } from '../../lib/extension-pages/webhook/settingsCheck';

const URL_PLACEHOLDER = 'https://PF-WEBHOOK-URL';

export function WebhookView({ event }: { event: SessionEvent }) {
  // The time Segment would receive it: the store's, fixed and editable, so a signature can be reproduced.
  const receivedAt = usePanelStore((s) => s.webhookReceivedAt);
  const webhook = useMemo(() => {
    const sent = asRecord(event.sent);
    const payload = asRecord(event.built) ?? sent;
    const at = new Date(receivedAt);
    return payload && !Number.isNaN(at.getTime()) ? buildWebhookBody(payload, sent, at) : null;
  }, [event.built, event.sent, receivedAt]);
  if (Number.isNaN(new Date(receivedAt).getTime())) {
    return (
      <>
        <ReceivedAtInput />
        <p className="empty-note" role="alert">receivedAt is not a date: type an ISO time such as 2026-11-29T18:00:00.000Z.</p>
      </>
    );
  }
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
  const [secretShown, setSecretShown] = useState(false);
  const warnings = webhookFieldWarnings(url, secret);
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
          Webhook URL (Segment&apos;s &quot;Webhooks&quot; setting: PF&apos;s Webhook URL)
          <input type="url" value={url} placeholder={URL_PLACEHOLDER} onChange={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          Shared Secret (Segment&apos;s setting: PF&apos;s Webhook Secret)
          <input type={secretShown ? 'text' : 'password'} value={secret} autoComplete="off" onChange={(e) => setSecret(e.currentTarget.value)} />
        </label>
        <button type="button" aria-pressed={secretShown} onClick={() => setSecretShown(!secretShown)}>
          {secretShown ? 'Hide secret' : 'Show secret'}
        </button>
        <ReceivedAtInput />
        {canRemember && (
          <label className="toggle">
            <input type="checkbox" checked={remembered} onChange={(e) => setRemembered(e.currentTarget.checked)} />
            Remember secret until the browser closes
            <span className="empty-note">kept in memory (storage.session), never written to disk</span>
          </label>
        )}
      </div>
      {warnings.length > 0 && (
        <ul className="webhook__warnings" role="alert" aria-label="Webhook settings warnings">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
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
      <VerifyReceived secret={secret} url={url} />
    </div>
  );
}

function ReceivedAtInput() {
  const { receivedAt, setReceivedAt } = usePanelStore(useShallow((s) => ({ receivedAt: s.webhookReceivedAt, setReceivedAt: s.setWebhookReceivedAt })));
  return (
    <label>
      receivedAt (stamped by Segment&apos;s servers; fixed so the signature can be reproduced)
      <input type="text" value={receivedAt} onChange={(e) => setReceivedAt(e.currentTarget.value)} />
    </label>
  );
}

/** "Verify a signature PF received": the raw body and its X-Signature, checked with the secret and with the two fields swapped. */
function VerifyReceived({ secret, url }: { secret: string; url: string }) {
  const [body, setBody] = useState('');
  const [signature, setSignature] = useState('');
  const [result, setResult] = useState<SignatureCheck | null>(null);
  const ready = body !== '' && signature.trim() !== '' && (secret !== '' || url !== '');
  return (
    <section className="webhook__verify" aria-label="Verify a signature PF received">
      <h4>Verify a signature PF received</h4>
      <label>
        Raw body as received
        <textarea value={body} rows={4} onChange={(e) => (setBody(e.currentTarget.value), setResult(null))} />
      </label>
      <label>
        X-Signature as received
        <input type="text" value={signature} onChange={(e) => (setSignature(e.currentTarget.value), setResult(null))} />
      </label>
      <button type="button" disabled={!ready} onClick={() => void checkReceivedSignature(body, signature, secret, url).then(setResult)}>
        Check the signature
      </button>
      {result && (
        <p role="status" className={`webhook__verify-result webhook__verify-result--${result}`}>
          {SIGNATURE_CHECK_TEXT[result]}
        </p>
      )}
    </section>
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
