import { describe, expect, it, vi } from 'vitest';
import type { CaptureEnvelope } from '../shared/captureEnvelope';
import { DEFAULT_SETTINGS } from '../shared/messages';
import { ENVELOPE_TAG } from '../shared/pageChannel';
import { applyEnvelope, newTabSession, type EnvelopeSender } from './tabSession';

// A record whose folding throws stands for any defect met midway through an envelope.
vi.mock('../shared/session/eventFromPayload', async (original) => {
  const real = await original<typeof import('../shared/session/eventFromPayload')>();
  return {
    ...real,
    eventFromPayload: (...args: Parameters<typeof real.eventFromPayload>) => {
      if ((args[1] as { boom?: unknown } | null)?.boom) throw new Error('defect while folding');
      return real.eventFromPayload(...args);
    },
  };
});

const TOP: EnvelopeSender = { top: true, document: 'top-doc', url: 'https://app.example.com/', seq: 0 };

function envelope(records: unknown[]): CaptureEnvelope {
  return { tag: ENVELOPE_TAG, instance: 'i', batch: 0, url: 'https://app.example.com/', title: 'App', top: true, records } as CaptureEnvelope;
}

const call = (cid: number, name: string) => ({ kind: 'call', cid, at: 1, source: 'segment', method: 'track', args: [name], via: 'instance', globalName: 'analytics' });

describe('applyEnvelope', () => {
  it('applies an envelope whole or not at all: a record that throws midway leaves nothing of its envelope', () => {
    const session = newTabSession(1);
    applyEnvelope(session, envelope([call(0, 'Earlier'), { kind: 'network', rid: 0, at: 2, url: 'https://api.segment.io/v1/t', transport: 'fetch', status: 'pending', httpStatus: null, error: null, events: [] }]), DEFAULT_SETTINGS, TOP);
    const before = structuredClone({ meta: session.meta, events: session.events, byKey: session.byKey, byMessageId: session.byMessageId, frameEvents: session.frameEvents });

    const failing = envelope([
      { kind: 'built', cid: 0, built: { type: 'track', event: 'Earlier', messageId: 'm-0' }, messageId: 'm-0' },
      call(1, 'Later'),
      { kind: 'pf-user', at: 3, via: 'init', user: { username: 'u' } },
      { kind: 'network', rid: 1, at: 4, url: 'https://api.segment.io/v1/batch', transport: 'fetch', status: 'pending', httpStatus: null, error: null, events: [{ messageId: 'm-0', type: 'track', payload: { event: 'Earlier' } }, { messageId: 'm-x', type: 'track', payload: { boom: true } }] },
    ]);
    expect(() => applyEnvelope(session, failing, DEFAULT_SETTINGS, { ...TOP, seq: 1 })).toThrow('defect while folding');

    expect({ meta: session.meta, events: session.events, byKey: session.byKey, byMessageId: session.byMessageId, frameEvents: session.frameEvents }).toEqual(before);
  });
});
