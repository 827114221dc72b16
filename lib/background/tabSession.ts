/**
 * One tab's capture, folded from the page's envelopes. Pure: the background persists what this
 * reports as changed. Events are kept in seq order and contiguous (the oldest are evicted first),
 * so an event is found by seq in constant time; the indexes by call id and messageId are rebuilt
 * from the events after a service-worker restart rather than stored.
 */
import type { CaptureEnvelope, CaptureRecord } from '../shared/captureEnvelope';
import type { Settings } from '../shared/messages';
import { SEGMENT_SENT_TYPES } from '../shared/vocabulary';
import { emptyPf, emptySegment } from '../shared/session/blank';
import { eventFromPayload } from '../shared/session/eventFromPayload';
import type { DeliveryStatus, Navigation, PfInfo, SegmentInfo, SegmentInstance, SessionEvent } from '../shared/session/schema';

export interface StoredEvent extends SessionEvent {
  /** `${instance}:${cid}` of the page call, for joining later records; absent for network-only events */
  key?: string;
  /** the session revision at which this event last changed: panels fetch only what changed */
  rev?: number;
}

export interface TabMeta {
  tabId: number;
  page: { url: string; title: string };
  segment: SegmentInfo;
  productFruits: PfInfo & { userTimeline: NonNullable<PfInfo['userTimeline']> };
  navigations: Navigation[];
  nextSeq: number;
  evicted: number;
  topInstance: string | null;
  /** last batch number accepted per page instance: re-sent batches are dropped */
  batches: Record<string, number>;
  /** Segment requests not yet settled: `${instance}:${rid}` → messageIds */
  openRequests: Record<string, string[]>;
  /** `${page instance}:${id}` of each entry of `segment.instances`, same order (absent in older stored sessions) */
  segmentInstanceKeys?: string[];
  /** identifies this capture: a cleared or new session gets another, so followers start over */
  epoch: string;
  /** increases with every change; each event keeps the revision of its last change */
  rev: number;
}

export interface TabSession {
  meta: TabMeta;
  events: StoredEvent[];
  byKey: Map<string, number>;
  byMessageId: Map<string, number>;
}

export interface ApplyResult {
  /** seqs of events added or changed */
  changed: Set<number>;
  /** seqs of events dropped (limit reached, or log cleared on navigation) */
  dropped: number[];
  metaChanged: boolean;
}

export function newTabSession(tabId: number): TabSession {
  return fromStored({
    tabId, page: { url: '', title: '' }, segment: emptySegment(), productFruits: emptyPf(), navigations: [],
    nextSeq: 1, evicted: 0, topInstance: null, batches: {}, openRequests: {},
    epoch: `${tabId}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, rev: 0,
  }, []);
}

export function fromStored(meta: TabMeta, events: StoredEvent[]): TabSession {
  const session: TabSession = { meta, events, byKey: new Map(), byMessageId: new Map() };
  for (const e of events) index(session, e);
  return session;
}

function index(session: TabSession, e: StoredEvent): void {
  if (e.key) session.byKey.set(e.key, e.seq);
  const mid = messageIdOf(e.built) ?? messageIdOf(e.sent);
  if (mid) session.byMessageId.set(mid, e.seq);
}

function messageIdOf(value: unknown): string | null {
  const mid = value && typeof value === 'object' ? (value as { messageId?: unknown }).messageId : undefined;
  return typeof mid === 'string' ? mid : null;
}

export function eventBySeq(session: TabSession, seq: number | undefined): StoredEvent | undefined {
  if (seq === undefined || session.events.length === 0) return undefined;
  return session.events[seq - session.events[0]!.seq];
}

const iso = (ms: number) => new Date(ms).toISOString();

function firstString(...values: unknown[]): string | null {
  for (const v of values) if (typeof v === 'string') return v;
  return null;
}

/** The event name a row shows: track event, page/screen name, or the PF item id. */
export function callName(method: string, args: unknown[]): string | null {
  const [a0, a1] = args;
  switch (method) {
    case 'track':
      return firstString(a0, a0 && typeof a0 === 'object' ? (a0 as { event?: unknown }).event : undefined);
    case 'page':
    case 'screen':
      return typeof a1 === 'string' ? a1 : typeof a0 === 'string' ? a0 : null;
    default:
      return null;
  }
}

function pfItemName(args: unknown[]): string | null {
  const [a0] = args;
  if (typeof a0 === 'string' || typeof a0 === 'number') return String(a0);
  if (a0 && typeof a0 === 'object') {
    const o = a0 as Record<string, unknown>;
    const id = o.tourId ?? o.id ?? o.checklistId ?? o.surveyId;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return null;
}

const SENT_TYPES: ReadonlySet<string> = new Set(SEGMENT_SENT_TYPES);

/**
 * Adds or updates one analytics instance; the page-level fields then describe the latest instance
 * on `window` in the top frame (else the latest seen), so they never mix two instances.
 */
function upsertInstance(meta: TabMeta, key: string, seen: Omit<SegmentInstance, 'sentEvents'>): void {
  const keys = (meta.segmentInstanceKeys ??= []);
  const instances = [...(meta.segment.instances ?? [])];
  const at = keys.indexOf(key);
  if (at >= 0) instances[at] = { ...seen, writeKey: seen.writeKey ?? instances[at]!.writeKey, sentEvents: instances[at]!.sentEvents };
  else {
    keys.push(key);
    instances.push({ ...seen, sentEvents: 0 });
  }
  // The page assigned another instance to the same global: the one before is no longer on window.
  if (seen.onWindow && seen.globalName !== null) {
    const page = key.slice(0, key.lastIndexOf(':') + 1);
    for (let i = 0; i < instances.length; i++) {
      if (keys[i] !== key && keys[i]!.startsWith(page) && instances[i]!.globalName === seen.globalName && instances[i]!.onWindow) {
        instances[i] = { ...instances[i]!, onWindow: false };
      }
    }
  }
  const primary = instances.findLast((i) => i.onWindow && i.frameUrl === null) ?? instances.findLast((i) => i.frameUrl === null) ?? instances[instances.length - 1]!;
  meta.segment = {
    ...meta.segment,
    detected: true,
    instances,
    library: primary.library,
    version: primary.version ?? (instances.length === 1 ? meta.segment.version : null),
    writeKey: primary.writeKey ?? (instances.length === 1 ? meta.segment.writeKey : null),
    globalName: primary.globalName,
    onWindow: primary.onWindow,
  };
}

/**
 * One more event sent by the instance of this page with this write key; an instance whose key was
 * not known yet (analytics.js 2.x is initialised after it is on window) takes it when it is the only one.
 */
function countSent(meta: TabMeta, pageInstance: string, writeKey: string): void {
  const instances = meta.segment.instances;
  const keys = meta.segmentInstanceKeys;
  if (!instances || !keys) return;
  const mine = instances.map((_, i) => i).filter((i) => keys[i]!.startsWith(`${pageInstance}:`));
  let at = mine.find((i) => instances[i]!.writeKey === writeKey);
  if (at === undefined) {
    const unknown = mine.filter((i) => instances[i]!.writeKey === null);
    if (unknown.length !== 1) return;
    at = unknown[0]!;
  }
  const next = [...instances];
  next[at] = { ...next[at]!, writeKey, sentEvents: next[at]!.sentEvents + 1 };
  meta.segment = { ...meta.segment, instances: next, writeKey: meta.segment.writeKey ?? writeKey };
}

/** How far back a sent event looks for the call it came from. */
const CONTENT_JOIN_WINDOW = 500;

/**
 * The call a sent event with an unknown messageId came from, when the library never told us the
 * messageId: analytics.js 2.x adds it only at send time; classic analytics.js replays the snippet's
 * queue before it is on `window`, so those calls are known only from the stub. The oldest call of
 * this page instance with the same type and name (and ids, where the call gave them) that has
 * no messageId of its own and was not sent yet.
 */
function callSentAs(session: TabSession, instance: string, sent: { type: string; payload: unknown }): StoredEvent | undefined {
  const payload = (sent.payload && typeof sent.payload === 'object' ? sent.payload : {}) as Record<string, unknown>;
  const prefix = `${instance}:`;
  for (let i = Math.max(0, session.events.length - CONTENT_JOIN_WINDOW); i < session.events.length; i++) {
    const e = session.events[i]!;
    if (e.source !== 'segment' || e.sent !== null || e.type !== sent.type || !e.key?.startsWith(prefix)) continue;
    if (messageIdOf(e.built) !== null) continue;
    if (sameCall(e, payload)) return e;
  }
  return undefined;
}

function sameCall(e: StoredEvent, payload: Record<string, unknown>): boolean {
  const [a0] = e.args;
  switch (e.type) {
    case 'track':
      return e.name === firstString(payload.event);
    case 'page':
    case 'screen':
      return (e.name ?? null) === (firstString(payload.name) ?? null);
    case 'identify':
    case 'alias':
      return typeof a0 !== 'string' || a0 === payload.userId;
    case 'group':
      return typeof a0 !== 'string' || a0 === payload.groupId;
    default:
      return true;
  }
}

export function applyEnvelope(session: TabSession, env: CaptureEnvelope, settings: Settings): ApplyResult {
  const result: ApplyResult = { changed: new Set(), dropped: [], metaChanged: false };
  const meta = session.meta;
  const last = meta.batches[env.instance];
  if (last !== undefined && env.batch <= last) return result;
  meta.batches[env.instance] = env.batch;
  result.metaChanged = true;

  if (env.top) {
    if (meta.topInstance !== null && meta.topInstance !== env.instance) {
      if (settings.preserveLog) {
        meta.navigations.push({ beforeSeq: meta.nextSeq, at: iso(env.records[0] && 'at' in env.records[0] ? env.records[0].at : Date.now()), url: env.url });
      } else {
        result.dropped.push(...session.events.map((e) => e.seq));
        session.events = [];
        session.byKey.clear();
        session.byMessageId.clear();
        meta.navigations = [];
      }
      meta.segment = emptySegment();
      meta.segmentInstanceKeys = [];
      meta.productFruits = emptyPf();
      meta.openRequests = {};
      meta.batches = { [env.instance]: env.batch };
    }
    meta.topInstance = env.instance;
    meta.page = { url: env.url, title: env.title };
  }

  for (const record of env.records) applyRecord(session, env, record, result);

  for (const seq of result.changed) {
    const event = eventBySeq(session, seq);
    if (event) event.rev = ++meta.rev;
  }
  // Page, Segment and PF facts can change without any event changing: the revision says so too.
  if (result.dropped.length || result.metaChanged) meta.rev++;

  const overflow = session.events.length - settings.limit;
  if (overflow > 0) {
    const gone = session.events.splice(0, overflow);
    meta.evicted += gone.length;
    for (const e of gone) {
      result.dropped.push(e.seq);
      result.changed.delete(e.seq);
      if (e.key) session.byKey.delete(e.key);
      const mid = messageIdOf(e.built) ?? messageIdOf(e.sent);
      if (mid) session.byMessageId.delete(mid);
    }
  }
  return result;
}

function addEvent(session: TabSession, env: CaptureEnvelope, e: Omit<StoredEvent, 'id' | 'seq' | 'pageUrl' | 'frameUrl'>, result: ApplyResult): StoredEvent {
  const seq = session.meta.nextSeq++;
  const event: StoredEvent = {
    id: `e-${seq}`,
    seq,
    pageUrl: session.meta.page.url || env.url,
    frameUrl: env.top ? null : env.url,
    ...e,
  };
  session.events.push(event);
  index(session, event);
  result.changed.add(seq);
  return event;
}

function attempt(event: StoredEvent, status: DeliveryStatus, at: number, httpStatus: number | null, url: string | null, transport: 'fetch' | 'xhr' | 'beacon' | 'library', error: string | null): void {
  const delivery = event.delivery ?? { status: 'pending', httpStatus: null, url: null, attempts: [] };
  delivery.attempts = [...(delivery.attempts ?? []), { at: iso(at), status, httpStatus, url, transport, error }];
  // The newest network answer decides; the library's own failure only fills in when the network said nothing.
  if (transport !== 'library' || delivery.status === 'pending') {
    delivery.status = status;
    delivery.httpStatus = httpStatus ?? delivery.httpStatus;
    delivery.url = url ?? delivery.url;
  }
  event.delivery = delivery;
}

function applyRecord(session: TabSession, env: CaptureEnvelope, r: CaptureRecord, result: ApplyResult): void {
  const meta = session.meta;
  const key = (id: number) => `${env.instance}:${id}`;
  switch (r.kind) {
    case 'call': {
      addEvent(session, env, {
        key: key(r.cid),
        capturedAt: iso(r.at),
        source: 'segment',
        type: r.method,
        name: callName(r.method, r.args),
        args: r.args,
        built: null,
        sent: null,
        delivery: SENT_TYPES.has(r.method) ? { status: 'pending', httpStatus: null, url: null, attempts: [] } : null,
        via: r.via,
      }, result);
      if (!meta.segment.detected) {
        meta.segment = { ...meta.segment, detected: true, globalName: meta.segment.globalName ?? r.globalName };
      }
      return;
    }
    case 'built': {
      const event = eventBySeq(session, session.byKey.get(key(r.cid)));
      if (!event) return;
      event.built = r.built;
      if (event.name === null && event.type === 'track') event.name = firstString((r.built as { event?: unknown } | null)?.event);
      if (r.messageId) session.byMessageId.set(r.messageId, event.seq);
      result.changed.add(event.seq);
      return;
    }
    case 'replay': {
      const event = eventBySeq(session, session.byKey.get(key(r.cid)));
      if (!event) return;
      event.replayed = true;
      result.changed.add(event.seq);
      return;
    }
    case 'network': {
      const requestKey = key(r.rid);
      if (r.events.length > 0) {
        meta.openRequests[requestKey] = r.events.map((e) => e.messageId);
        for (const sent of r.events) {
          let event = eventBySeq(session, session.byMessageId.get(sent.messageId)) ?? callSentAs(session, env.instance, sent);
          if (event) session.byMessageId.set(sent.messageId, event.seq);
          if (event?.via === 'stub') event.replayed = true;
          const writeKey = (sent.payload as { writeKey?: unknown } | null)?.writeKey;
          if (typeof writeKey === 'string' && event && event.sent === null) countSent(meta, env.instance, writeKey);
          if (meta.segment.writeKey === null && typeof writeKey === 'string') meta.segment = { ...meta.segment, writeKey };
          if (!event) {
            if (typeof writeKey === 'string') countSent(meta, env.instance, writeKey);
            // Seen only on the wire (a library we did not hook): still recorded, from its payload.
            // The page's URL is the session's, whatever the payload's context claims.
            const { pageUrl: _payloadPage, ...fields } = eventFromPayload(sent.type, sent.payload, {
              capturedAt: iso(r.at), delivery: { status: 'pending', httpStatus: null, url: null, attempts: [] }, via: 'network',
            });
            event = addEvent(session, env, fields, result);
            session.byMessageId.set(sent.messageId, event.seq);
            if (!meta.segment.detected) meta.segment = { ...meta.segment, detected: true };
          }
          event.sent = sent.payload;
          attempt(event, 'pending', r.at, null, r.url, r.transport, null);
          result.changed.add(event.seq);
        }
      } else {
        const messageIds = meta.openRequests[requestKey] ?? [];
        delete meta.openRequests[requestKey];
        for (const mid of messageIds) {
          const event = eventBySeq(session, session.byMessageId.get(mid));
          if (!event) continue;
          attempt(event, r.status, r.at, r.httpStatus, r.url, r.transport, r.error);
          result.changed.add(event.seq);
        }
      }
      return;
    }
    case 'library-delivery': {
      const event = eventBySeq(session, session.byKey.get(key(r.cid)));
      if (!event) return;
      attempt(event, 'failed', r.at, null, null, 'library', r.error);
      result.changed.add(event.seq);
      return;
    }
    case 'segment':
      if (r.instance) {
        const { id, ...seen } = r.instance;
        upsertInstance(meta, `${env.instance}:${id}`, { ...seen, frameUrl: env.top ? null : env.url });
        return;
      }
      meta.segment = {
        ...meta.segment,
        detected: true,
        library: r.library !== 'unknown' ? r.library : meta.segment.library,
        version: r.version ?? meta.segment.version,
        writeKey: r.writeKey ?? meta.segment.writeKey,
        globalName: r.globalName ?? meta.segment.globalName,
        onWindow: r.onWindow,
      };
      return;
    case 'segment-load':
      meta.segment = {
        ...meta.segment,
        detected: true,
        loadFailures: [...(meta.segment.loadFailures ?? []), { at: iso(r.at), what: r.what, url: r.url, error: r.error }].slice(-20),
      };
      return;
    case 'identity':
      meta.segment = { ...meta.segment, identity: { userId: r.userId, anonymousId: r.anonymousId, groupId: r.groupId, traits: r.traits ?? null, source: r.source } };
      return;
    case 'pf':
      meta.productFruits = { ...meta.productFruits, detected: true, snippet: r.snippet, workspaceCode: r.workspaceCode, language: r.language, ready: r.ready };
      return;
    case 'pf-user': {
      const user = r.user && typeof r.user === 'object' && !Array.isArray(r.user) ? (r.user as PfInfo['user']) : null;
      meta.productFruits = {
        ...meta.productFruits,
        detected: true,
        user,
        userTimeline: [...meta.productFruits.userTimeline, { at: iso(r.at), via: r.via, user, afterSeq: meta.nextSeq - 1 }],
      };
      return;
    }
    case 'pf-event':
      addEvent(session, env, {
        key: key(r.cid),
        capturedAt: iso(r.at),
        source: 'productfruits',
        type: r.event,
        name: pfItemName(r.args),
        args: r.args,
        built: null,
        sent: null,
        delivery: null,
        via: 'productfruits',
        pfModule: r.module,
      }, result);
      if (!meta.productFruits.detected) meta.productFruits = { ...meta.productFruits, detected: true };
      return;
  }
}
