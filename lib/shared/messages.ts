/**
 * Messages between the extension's own contexts, defined once from schemas and named by
 * direction: content script → background, extension page → background, background → pages.
 * The background routes by sender first (lib/background/router.ts) and validates what arrives
 * against that direction's schema; anything else is ignored. Each request's answer is declared
 * beside it: the background's handlers must return it, and the senders' `send` is typed from it.
 * Documented in docs/protocol.md.
 */
import * as v from 'valibot';
import type { SessionAnswer, SessionDeltaAnswer } from './follow';
import type { PagedSessionAnswer } from './sessionPage';
import type { SessionEvent } from './session/schema';
import type { EventSummary } from './session/summary';

const Num = v.pipe(v.number(), v.finite());

const SettingsSchema = v.object({
  /** events kept per tab before the oldest are evicted (and counted) */
  limit: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(200_000)),
  /** keep the log across navigations, with a navigation marker */
  preserveLog: v.boolean(),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { limit: 20_000, preserveLog: true };

const TabIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

const FollowPointSchema = v.object({
  epoch: v.pipe(v.string(), v.maxLength(128)),
  rev: Num,
  follower: v.pipe(v.string(), v.maxLength(64)),
  /** the next page of a large answer: events after this seq */
  afterSeq: v.optional(Num),
});

/** Summaries per `session:rows` answer: about 2.5 MB of message, far below Chrome's 64 MiB cap. */
export const MAX_ROWS_PER_ANSWER = 20_000;

/** Content script (the relay) → background. */
const ContentMessageSchema = v.variant('type', [
  /**
   * Envelopes travel as the JSON text the page world made: the relay only checks their tag, so
   * parsing and validation happen in the background, off the page's main thread.
   */
  v.object({
    type: v.literal('capture:batch'),
    /** random id of this relay (one per document and frame), made in the isolated world: the page cannot read it */
    relay: v.pipe(v.string(), v.maxLength(64)),
    /** the relay's sequence number of the first envelope; the others follow it: re-sends are dropped by these */
    first: v.pipe(v.number(), v.integer(), v.minValue(0)),
    /** each checked alone in the background: one over MAX_ENVELOPE_CHARS is counted as rejected, not the message */
    envelopes: v.array(v.string()),
    /** envelopes the relay could not send (too large for a runtime message): counted as rejected */
    refused: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
]);

/** Extension page (panel, popup, diagnose) → background. */
const PageMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('session:get'),
    tabId: TabIdSchema,
    /** without `since`: the next page of a plain answer, events after this seq (sessionPage.ts) */
    afterSeq: v.optional(Num),
    /** a follower (an open panel) asks only for what changed since what it has */
    since: v.optional(FollowPointSchema),
  }),
  /**
   * The panel's list of a live tab: event summaries changed since the follow point, at most
   * `limit` per answer (a small first page shows the list at once), the document without events.
   */
  v.object({
    type: v.literal('session:rows'),
    tabId: TabIdSchema,
    since: FollowPointSchema,
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ROWS_PER_ANSWER))),
  }),
  /** one event in full (the detail pane), and the event its PF link points to */
  v.object({ type: v.literal('session:event'), tabId: TabIdSchema, id: v.pipe(v.string(), v.maxLength(256)) }),
  /** seqs of the events the search text matches (plain text or /regex/flags) */
  v.object({ type: v.literal('session:search'), tabId: TabIdSchema, text: v.pipe(v.string(), v.maxLength(10_000)) }),
  v.object({ type: v.literal('session:clear'), tabId: TabIdSchema }),
  v.object({ type: v.literal('settings:get') }),
  v.object({ type: v.literal('settings:set'), settings: v.partial(SettingsSchema) }),
]);

/** Background → extension pages: a tab's session changed. */
export const SessionChangedSchema = v.object({
  type: v.literal('session:changed'),
  tabId: TabIdSchema,
  count: Num,
});

export type ContentMessage = v.InferOutput<typeof ContentMessageSchema>;
export type PageMessage = v.InferOutput<typeof PageMessageSchema>;
export type SessionChanged = v.InferOutput<typeof SessionChangedSchema>;

/** The answer to each content-script message. */
export interface ContentAnswers {
  /** `ok: false` when the sender is in no tab: a batch belongs to the tab it came from */
  'capture:batch': { ok: boolean };
}

/** The answer to each extension-page message. */
export interface PageAnswers {
  /** with `since`, the answer carries a `delta` and only the changed events; without, a `page` of events by bytes */
  'session:get': PagedSessionAnswer | SessionDeltaAnswer;
  'session:rows': SessionRowsAnswer;
  'session:event': { event: SessionEvent | null; linked: SessionEvent | null };
  /** `seqs: null`: the text filters nothing (empty, or `error` says why the regex is invalid) */
  'session:search': { seqs: number[] | null; error: string | null };
  'session:clear': { ok: true };
  'settings:get': Settings;
  'settings:set': Settings;
}

/** A page of the list: the document's facts (its `events` empty) and the changed events' summaries. */
export type SessionRowsAnswer = SessionDeltaAnswer & { rows: EventSummary[] };

/** What the background answers when a handler failed. */
export interface Failure {
  ok: false;
  error: string;
}

type Message = { type: string };

function isFailure(reply: object): reply is Failure {
  return 'ok' in reply && reply.ok === false && 'error' in reply && typeof reply.error === 'string';
}

/** The answer itself, or null for a Failure or no answer. */
export function answered<A extends object>(reply: A | Failure | undefined): A | null {
  return reply === undefined || isFailure(reply) ? null : reply;
}

/**
 * What a sender gets back: the answer, a Failure, or nothing at all when the background ignored
 * the message (refused sender, failed schema) or was stopping.
 */
export type Reply<Answer> = Answer | Failure | undefined;

type Overloads<U> = (U extends unknown ? (u: U) => void : never) extends (all: infer I) => void ? I : never;

/** A typed `runtime.sendMessage` for one direction: one overload per message, returning its answer. */
export type Send<Messages extends Message, Answers extends { [K in Messages['type']]: unknown }> = Overloads<
  { [K in Messages['type']]: (message: Extract<Messages, { type: K }>) => Promise<Reply<Answers[K]>> }[Messages['type']]
>;

/** The background's side of one direction: one handler per message name, returning its answer. */
export type Handlers<Messages extends Message, Answers extends { [K in Messages['type']]: unknown }, Context> = {
  [K in Messages['type']]: (message: Extract<Messages, { type: K }>, context: Context) => Promise<Answers[K]>;
};

export function parseContentMessage(value: unknown): ContentMessage | null {
  const result = v.safeParse(ContentMessageSchema, value);
  return result.success ? result.output : null;
}

export function parsePageMessage(value: unknown): PageMessage | null {
  const result = v.safeParse(PageMessageSchema, value);
  return result.success ? result.output : null;
}

/** Stored settings merged over the defaults; a stored value that fails the schema counts as none. */
export function settingsFrom(stored: unknown): Settings {
  const parsed = v.safeParse(v.partial(SettingsSchema), stored ?? {});
  return { ...DEFAULT_SETTINGS, ...(parsed.success ? parsed.output : {}) };
}
