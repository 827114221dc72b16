/**
 * Small builders for SessionDocument fixtures. Defaults describe a plain page with Segment
 * (analytics-next) and Product Fruits both loaded, so a test only spells out what it is about.
 */
import { SESSION_FORMAT, SESSION_VERSION } from '../../lib/shared/session/schema';
import type { SessionDocument, SessionEvent, Verdict } from '../../lib/shared/session/schema';

const BASE_TIME = Date.parse('2026-11-29T17:59:00.000Z');

export function makeEvent(seq: number, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return {
    id: `e-${seq}`,
    seq,
    capturedAt: new Date(BASE_TIME + seq * 1000).toISOString(),
    pageUrl: 'https://app.example.com/settings',
    source: 'segment',
    type: 'track',
    name: `Event ${seq}`,
    args: [`Event ${seq}`, { plan: 'pro' }],
    built: { type: 'track', event: `Event ${seq}`, properties: { plan: 'pro' }, messageId: `m-${seq}` },
    sent: { type: 'track', event: `Event ${seq}`, properties: { plan: 'pro' }, messageId: `m-${seq}` },
    delivery: { status: 'delivered', httpStatus: 200, url: 'https://api.segment.io/v1/t' },
    ...overrides,
  };
}

export function makeIdentify(seq: number, userId: string, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return makeEvent(seq, {
    type: 'identify',
    name: null,
    args: [userId, { email: 'ann@example.com' }],
    built: { type: 'identify', userId, traits: { email: 'ann@example.com' }, messageId: `m-${seq}` },
    sent: { type: 'identify', userId, traits: { email: 'ann@example.com' }, messageId: `m-${seq}` },
    delivery: { status: 'delivered', httpStatus: 200, url: 'https://api.segment.io/v1/i' },
    verdict: makeVerdict(),
    ...overrides,
  });
}

export function makePfEvent(seq: number, type: string, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return makeEvent(seq, {
    source: 'productfruits',
    type,
    name: 'tour-7',
    args: [{ id: 7 }],
    built: null,
    sent: null,
    delivery: null,
    via: 'productfruits',
    ...overrides,
  });
}

export function makeVerdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    rule: 'username',
    pfUser: { username: '42', email: 'ann@example.com' },
    samePersonAsPage: true,
    findings: [],
    assumptions: ['email compared case-sensitively'],
    ...overrides,
  };
}

export function makeSession(overrides: Partial<SessionDocument> = {}): SessionDocument {
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: '2026-11-29T18:00:00.000Z',
    page: { url: 'https://app.example.com/settings', title: 'Settings' },
    segment: {
      detected: true,
      globalName: 'analytics',
      onWindow: true,
      library: 'analytics-next',
      version: '1.84.3',
      writeKey: 'abc123',
    },
    productFruits: {
      detected: true,
      snippet: 'v2',
      workspaceCode: 'WsCode',
      language: 'en',
      ready: true,
      user: { username: '42', email: 'ann@example.com' },
      userTimeline: [],
    },
    events: [],
    diagnostics: [],
    navigations: [],
    ...overrides,
  };
}

/** `count` track calls with seq 1..count, for list and performance tests. */
export function makeEvents(count: number): SessionEvent[] {
  return Array.from({ length: count }, (_, i) => makeEvent(i + 1));
}
