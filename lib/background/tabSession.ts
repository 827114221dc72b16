/**
 * One tab's capture, folded from the page's envelopes. Pure: the background persists what this
 * reports as changed. Events are kept in seq order and contiguous (the oldest are evicted first),
 * so an event is found by seq in constant time; the indexes by call id and messageId are rebuilt
 * from the events after a service-worker restart rather than stored.
 */
import { builtWithCallArgs, type CaptureEnvelope, type CaptureRecord, type ExpansionBudget } from '../shared/captureEnvelope';
import type { Settings } from '../shared/messages';
import { SEGMENT_SENT_TYPES } from '../shared/vocabulary';
import { emptyPf, emptySegment } from '../shared/session/blank';
import { eventFromPayload } from '../shared/session/eventFromPayload';
import type { DeliveryStatus, FrameFacts, Navigation, PfInfo, SegmentInfo, SegmentInstance, SessionEvent } from '../shared/session/schema';
import { BOOKKEEPING, clip, frameOrigin, frameShare, keepLast, safeIso } from './limits';

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
  /** the top frame's document (from the message's sender): another one means the top frame navigated */
  topInstance: string | null;
  /** last relay sequence number accepted per document and relay (from the sender, never the page): re-sent envelopes are dropped */
  batches: Record<string, number>;
  /** records and envelopes refused as the page sent them; absent in sessions stored before it was counted */
  rejected?: number;
  /** events evicted (also in `evicted`) because storage.session was full or the tab over its share */
  storageEvicted?: number;
  /** events stored cut because one alone was too large for the tab's share of storage.session */
  storageCut?: number;
  /** subframes' own Segment / PF facts, by origin */
  frames?: FrameFacts[];
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
  /** events from subframes now held: they may take only their share of the limit */
  frameEvents: number;
  /** events given a new revision, in that order, until the document fold takes them (documentFold.ts); not stored */
  revised: StoredEvent[];
}

/**
 * Who sent an envelope, as the browser said (router.ts): the background passes it for every
 * envelope. Tests that fold envelopes directly may leave it out; it is then read from the
 * envelope, which only the tests may trust.
 */
export interface EnvelopeSender {
  /** frame 0: only the top frame's own hook sets the page's facts */
  top: boolean;
  /** the sending document and relay: keys joins and re-send de-duplication */
  document: string;
  /** the frame's URL as the browser knows it */
  url: string;
  /** the relay's sequence number of this envelope */
  seq: number;
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
  const session: TabSession = { meta, events, byKey: new Map(), byMessageId: new Map(), frameEvents: 0, revised: [] };
  for (const e of events) {
    index(session, e);
    if (e.frameUrl) session.frameEvents++;
  }
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

function eventBySeq(session: TabSession, seq: number | undefined): StoredEvent | undefined {
  if (seq === undefined || session.events.length === 0) return undefined;
  return session.events[seq - session.events[0]!.seq];
}

const iso = safeIso;

function firstString(...values: unknown[]): string | null {
  for (const v of values) if (typeof v === 'string') return v;
  return null;
}

/** The event name a row shows: track event, page/screen name, or the PF item id. */
function callName(method: string, args: unknown[]): string | null {
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
  // Only the top frame's own instances describe the page: a subframe's are listed with their
  // frame, and never set the page's library, version or write key.
  const primary = instances.findLast((i) => i.onWindow && i.frameUrl === null) ?? instances.findLast((i) => i.frameUrl === null);
  if (!primary) {
    meta.segment = { ...meta.segment, instances };
    return;
  }
  const topInstances = instances.filter((i) => i.frameUrl === null).length;
  meta.segment = {
    ...meta.segment,
    detected: true,
    instances,
    library: primary.library,
    version: primary.version ?? (topInstances === 1 ? meta.segment.version : null),
    writeKey: primary.writeKey ?? (topInstances === 1 ? meta.segment.writeKey : null),
    globalName: primary.globalName,
    onWindow: primary.onWindow,
  };
}

/**
 * One more event sent by the instance of this page with this write key; an instance whose key was
 * not known yet (analytics.js 2.x is initialised after it is on window) takes it when it is the only one.
 */
function countSent(meta: TabMeta, prefix: string, writeKey: string): void {
  const instances = meta.segment.instances;
  const keys = meta.segmentInstanceKeys;
  if (!instances || !keys) return;
  const mine = instances.map((_, i) => i).filter((i) => keys[i]!.startsWith(prefix));
  let at = mine.find((i) => instances[i]!.writeKey === writeKey);
  if (at === undefined) {
    const unknown = mine.filter((i) => instances[i]!.writeKey === null);
    if (unknown.length !== 1) return;
    at = unknown[0]!;
  }
  const next = [...instances];
  next[at] = { ...next[at]!, writeKey, sentEvents: next[at]!.sentEvents + 1 };
  const ofPage = next[at]!.frameUrl === null;
  meta.segment = { ...meta.segment, instances: next, writeKey: meta.segment.writeKey ?? (ofPage ? writeKey : null) };
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
function callSentAs(session: TabSession, prefix: string, sent: { type: string; payload: unknown }): StoredEvent | undefined {
  const payload = (sent.payload && typeof sent.payload === 'object' ? sent.payload : {}) as Record<string, unknown>;
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

function rejected(meta: TabMeta, count: number): void {
  meta.rejected = (meta.rejected ?? 0) + count;
}

/**
 * What an envelope changes, undone if applying it fails midway: the meta's own maps and lists
 * are copied (all bounded by BOOKKEEPING), events added are cut off again, and an existing event
 * is copied the first time a record of this envelope changes it.
 */
interface Journal {
  /** call before changing an event that was there before this envelope */
  keep(event: StoredEvent): StoredEvent;
  rollback(): void;
}

function openJournal(session: TabSession): Journal {
  const meta = session.meta;
  const saved: TabMeta = {
    ...meta,
    batches: { ...meta.batches },
    navigations: [...meta.navigations],
    openRequests: { ...meta.openRequests },
    ...(meta.segmentInstanceKeys ? { segmentInstanceKeys: [...meta.segmentInstanceKeys] } : {}),
    ...(meta.frames ? { frames: meta.frames.map((f) => ({ ...f, productFruits: f.productFruits && { ...f.productFruits } })) } : {}),
  };
  const events = session.events;
  const length = events.length;
  const originals = new Map<StoredEvent, StoredEvent>();
  return {
    keep(event) {
      if (!originals.has(event)) originals.set(event, { ...event, delivery: event.delivery && { ...event.delivery } });
      return event;
    },
    rollback() {
      events.length = length;
      for (let i = 0; i < events.length; i++) events[i] = originals.get(events[i]!) ?? events[i]!;
      Object.assign(session, fromStored(saved, events));
    },
  };
}

/**
 * Folds one envelope into the session, whole or not at all: when a record fails midway, the
 * session is as it was before the envelope and the error is thrown on (the caller counts the
 * envelope as rejected).
 */
export function applyEnvelope(session: TabSession, env: CaptureEnvelope, settings: Settings, sender?: EnvelopeSender): ApplyResult {
  const journal = openJournal(session);
  let result: ApplyResult;
  try {
    result = applyWhole(session, env, settings, sender, journal);
  } catch (error) {
    journal.rollback();
    throw error;
  }
  evictOverflow(session, result, settings);
  return result;
}

function applyWhole(session: TabSession, env: CaptureEnvelope, settings: Settings, sender: EnvelopeSender | undefined, journal: Journal): ApplyResult {
  const from: EnvelopeSender = sender ?? { top: env.top, document: env.instance, url: env.url, seq: env.batch };
  const result: ApplyResult = { changed: new Set(), dropped: [], metaChanged: false };
  const meta = session.meta;
  const last = meta.batches[from.document];
  if (last !== undefined && from.seq <= last) return result;
  delete meta.batches[from.document];
  meta.batches[from.document] = from.seq;
  keepLast(meta.batches, BOOKKEEPING.documents);
  result.metaChanged = true;

  if (from.top) {
    if (meta.topInstance !== null && meta.topInstance !== from.document) {
      if (settings.preserveLog) {
        meta.navigations.push({ beforeSeq: meta.nextSeq, at: iso(env.records[0] && 'at' in env.records[0] ? env.records[0].at : Date.now()), url: clip(env.url, BOOKKEEPING.urlChars) });
        if (meta.navigations.length > BOOKKEEPING.navigations) meta.navigations.splice(0, meta.navigations.length - BOOKKEEPING.navigations);
      } else {
        result.dropped.push(...session.events.map((e) => e.seq));
        session.events = [];
        session.byKey.clear();
        session.byMessageId.clear();
        session.frameEvents = 0;
        meta.navigations = [];
      }
      meta.segment = emptySegment();
      meta.segmentInstanceKeys = [];
      // A kept log keeps the PF user timeline, so earlier events stay judged against their own
      // page's PF user; the new page starts with none until it sets one.
      const timeline = meta.productFruits.userTimeline;
      const kept = settings.preserveLog && timeline.length > 0;
      meta.productFruits = kept ? { ...emptyPf(), userTimeline: [...timeline, { at: iso(env.records[0] && 'at' in env.records[0] ? env.records[0].at : Date.now()), via: 'navigation', user: null, afterSeq: meta.nextSeq - 1 }] } : emptyPf();
      meta.openRequests = {};
      meta.frames = [];
      meta.batches = { [from.document]: from.seq };
    }
    meta.topInstance = from.document;
    meta.page = { url: clip(env.url, BOOKKEEPING.urlChars), title: clip(env.title, BOOKKEEPING.titleChars) };
  }

  const expansion: ExpansionBudget = { expanded: 0 };
  for (const record of env.records) applyRecord(session, env, from, record, result, settings, journal, expansion);

  for (const seq of result.changed) {
    const event = eventBySeq(session, seq);
    if (event) {
      event.rev = ++meta.rev;
      session.revised.push(event);
    }
  }
  // Nobody took them (no document built for a long time): the fold then compares every event.
  if (session.revised.length > 2 * session.events.length + 1024) session.revised = [];
  // Page, Segment and PF facts can change without any event changing: the revision says so too.
  if (result.dropped.length || result.metaChanged) meta.rev++;
  return result;
}

/** Evicts the oldest events past the limit, counted. */
function evictOverflow(session: TabSession, result: ApplyResult, settings: Settings): void {
  const meta = session.meta;
  const overflow = session.events.length - settings.limit;
  if (overflow > 0) {
    const gone = session.events.splice(0, overflow);
    meta.evicted += gone.length;
    for (const e of gone) {
      result.dropped.push(e.seq);
      result.changed.delete(e.seq);
      if (e.key) session.byKey.delete(e.key);
      if (e.frameUrl) session.frameEvents--;
      const mid = messageIdOf(e.built) ?? messageIdOf(e.sent);
      if (mid) session.byMessageId.delete(mid);
    }
  }
}

/** The facts a record of kind segment / identity / pf / pf-user sets: the page's, or a subframe's own. */
function factsOf(session: TabSession, from: EnvelopeSender): { segment: SegmentInfo; productFruits: PfInfo & { userTimeline: NonNullable<PfInfo['userTimeline']> } } | null {
  if (from.top) return session.meta;
  const frames = (session.meta.frames ??= []);
  const origin = frameOrigin(from.url);
  let facts = frames.find((f) => f.origin === origin);
  if (!facts) {
    if (frames.length >= BOOKKEEPING.frameOrigins) return null;
    facts = { origin, url: clip(from.url, BOOKKEEPING.urlChars), segment: emptySegment(), productFruits: emptyPf() };
    frames.push(facts);
  }
  facts.segment ??= emptySegment();
  facts.productFruits ??= emptyPf();
  facts.productFruits.userTimeline ??= [];
  return facts as { segment: SegmentInfo; productFruits: PfInfo & { userTimeline: NonNullable<PfInfo['userTimeline']> } };
}

/** A frame's records may change only that frame's events. */
function owns(from: EnvelopeSender, event: StoredEvent): boolean {
  return (event.frameUrl ?? null) === (from.top ? null : from.url);
}

/** Adds an event; null when it came from a subframe that has used up the subframes' share of the limit (counted). */
function addEvent(session: TabSession, from: EnvelopeSender, e: Omit<StoredEvent, 'id' | 'seq' | 'pageUrl' | 'frameUrl'>, result: ApplyResult, settings: Settings): StoredEvent | null {
  if (!from.top) {
    if (session.frameEvents >= frameShare(settings.limit)) {
      rejected(session.meta, 1);
      return null;
    }
    session.frameEvents++;
  }
  const seq = session.meta.nextSeq++;
  const event: StoredEvent = {
    id: `e-${seq}`,
    seq,
    pageUrl: session.meta.page.url || from.url,
    frameUrl: from.top ? null : from.url,
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

function applyRecord(session: TabSession, env: CaptureEnvelope, from: EnvelopeSender, r: CaptureRecord, result: ApplyResult, settings: Settings, journal: Journal, expansion: ExpansionBudget): void {
  const meta = session.meta;
  const existing = (seq: number | undefined) => {
    const event = eventBySeq(session, seq);
    return event && journal.keep(event);
  };
  // Joins stay within the sending document: a frame can only ever touch its own events.
  const prefix = from.document === env.instance ? `${env.instance}:` : `${from.document}/${env.instance}:`;
  const key = (id: number) => `${prefix}${id}`;
  switch (r.kind) {
    case 'call': {
      const added = addEvent(session, from, {
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
      }, result, settings);
      if (added && from.top && !meta.segment.detected) {
        meta.segment = { ...meta.segment, detected: true, globalName: meta.segment.globalName ?? r.globalName };
      }
      return;
    }
    case 'built': {
      const event = existing(session.byKey.get(key(r.cid)));
      if (!event) return;
      event.built = r.fromCall ? builtWithCallArgs(r.built, r.fromCall, event.args, expansion) : r.built;
      if (event.name === null && event.type === 'track') event.name = firstString((r.built as { event?: unknown } | null)?.event);
      if (r.messageId) session.byMessageId.set(r.messageId, event.seq);
      result.changed.add(event.seq);
      return;
    }
    case 'replay': {
      const event = existing(session.byKey.get(key(r.cid)));
      if (!event) return;
      event.replayed = true;
      result.changed.add(event.seq);
      return;
    }
    case 'network': {
      const requestKey = key(r.rid);
      if (r.events.length > 0) {
        delete meta.openRequests[requestKey];
        meta.openRequests[requestKey] = r.events.map((e) => e.messageId);
        keepLast(meta.openRequests, BOOKKEEPING.openRequests);
        for (const sent of r.events) {
          let event = eventBySeq(session, session.byMessageId.get(sent.messageId)) ?? callSentAs(session, prefix, sent);
          if (event && !owns(from, event)) continue;
          if (event) journal.keep(event);
          if (event) session.byMessageId.set(sent.messageId, event.seq);
          if (event?.via === 'stub') event.replayed = true;
          const writeKey = (sent.payload as { writeKey?: unknown } | null)?.writeKey;
          if (typeof writeKey === 'string' && event && event.sent === null) countSent(meta, prefix, writeKey);
          if (from.top && meta.segment.writeKey === null && typeof writeKey === 'string') meta.segment = { ...meta.segment, writeKey };
          if (!event) {
            if (typeof writeKey === 'string') countSent(meta, prefix, writeKey);
            // Seen only on the wire (a library we did not hook): still recorded, from its payload.
            // The page's URL is the session's, whatever the payload's context claims.
            const { pageUrl: _payloadPage, ...fields } = eventFromPayload(sent.type, sent.payload, {
              capturedAt: iso(r.at), delivery: { status: 'pending', httpStatus: null, url: null, attempts: [] }, via: 'network',
            });
            const added = addEvent(session, from, fields, result, settings);
            if (!added) continue;
            event = added;
            session.byMessageId.set(sent.messageId, event.seq);
            if (from.top && !meta.segment.detected) meta.segment = { ...meta.segment, detected: true };
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
          if (!event || !owns(from, event)) continue;
          journal.keep(event);
          attempt(event, r.status, r.at, r.httpStatus, r.url, r.transport, r.error);
          result.changed.add(event.seq);
        }
      }
      return;
    }
    case 'library-delivery': {
      const event = existing(session.byKey.get(key(r.cid)));
      if (!event) return;
      attempt(event, 'failed', r.at, null, null, 'library', r.error);
      result.changed.add(event.seq);
      return;
    }
    case 'segment': {
      if (r.instance) {
        const { id, ...seen } = r.instance;
        upsertInstance(meta, `${prefix}${id}`, { ...seen, frameUrl: from.top ? null : clip(from.url, BOOKKEEPING.urlChars) });
        if (from.top) return;
      }
      const facts = factsOf(session, from);
      if (!facts) return rejected(meta, 1);
      facts.segment = {
        ...facts.segment,
        detected: true,
        library: r.library !== 'unknown' ? r.library : facts.segment.library,
        version: r.version ?? facts.segment.version,
        writeKey: r.writeKey ?? facts.segment.writeKey,
        globalName: r.globalName ?? facts.segment.globalName,
        onWindow: r.onWindow,
      };
      return;
    }
    case 'segment-load': {
      const facts = factsOf(session, from);
      if (!facts) return rejected(meta, 1);
      facts.segment = {
        ...facts.segment,
        detected: true,
        loadFailures: [...(facts.segment.loadFailures ?? []), { at: iso(r.at), what: r.what, url: clip(r.url, BOOKKEEPING.urlChars), error: r.error }].slice(-20),
      };
      return;
    }
    case 'identity': {
      const facts = factsOf(session, from);
      if (!facts) return rejected(meta, 1);
      facts.segment = { ...facts.segment, identity: { userId: r.userId, anonymousId: r.anonymousId, groupId: r.groupId, traits: r.traits ?? null, source: r.source } };
      return;
    }
    case 'pf': {
      const facts = factsOf(session, from);
      if (!facts) return rejected(meta, 1);
      facts.productFruits = { ...facts.productFruits, detected: true, snippet: r.snippet, workspaceCode: r.workspaceCode, language: r.language, ready: r.ready };
      return;
    }
    case 'pf-user': {
      const facts = factsOf(session, from);
      if (!facts) return rejected(meta, 1);
      const user = r.user && typeof r.user === 'object' && !Array.isArray(r.user) ? (r.user as PfInfo['user']) : null;
      const timeline = [...facts.productFruits.userTimeline, { at: iso(r.at), via: r.via, user, afterSeq: meta.nextSeq - 1 }];
      facts.productFruits = {
        ...facts.productFruits,
        detected: true,
        user,
        userTimeline: timeline.length > BOOKKEEPING.userChanges ? timeline.slice(-BOOKKEEPING.userChanges) : timeline,
      };
      return;
    }
    case 'pf-event': {
      const added = addEvent(session, from, {
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
      }, result, settings);
      if (added && from.top && !meta.productFruits.detected) meta.productFruits = { ...meta.productFruits, detected: true };
      return;
    }
  }
}
