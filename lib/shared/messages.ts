/**
 * Messages between the extension's own contexts (content script, extension pages, background),
 * defined once from schemas. Everything that arrives is validated against them; anything else
 * is ignored. Documented in docs/protocol.md.
 */
import * as v from 'valibot';
import { MAX_ENVELOPE_CHARS } from './pageChannel';

const Num = v.pipe(v.number(), v.finite());

export const SettingsSchema = v.object({
  /** events kept per tab before the oldest are evicted (and counted) */
  limit: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(200_000)),
  /** keep the log across navigations, with a navigation marker */
  preserveLog: v.boolean(),
});

export const DEFAULT_SETTINGS: Settings = { limit: 20_000, preserveLog: true };

export const TabIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

export const RuntimeMessageSchema = v.variant('type', [
  /**
   * Envelopes travel as the JSON text the page world made: the relay only checks their tag, so
   * parsing and validation happen in the background, off the page's main thread.
   */
  v.object({ type: v.literal('capture:batch'), envelopes: v.array(v.pipe(v.string(), v.maxLength(MAX_ENVELOPE_CHARS))) }),
  v.object({
    type: v.literal('session:get'),
    tabId: TabIdSchema,
    /** a follower (an open panel) asks only for what changed since what it has */
    since: v.optional(
      v.object({
        epoch: v.pipe(v.string(), v.maxLength(128)),
        rev: Num,
        follower: v.pipe(v.string(), v.maxLength(64)),
        /** the next page of a large answer: events after this seq */
        afterSeq: v.optional(Num),
      }),
    ),
  }),
  v.object({ type: v.literal('session:clear'), tabId: TabIdSchema }),
  v.object({ type: v.literal('settings:get') }),
  v.object({ type: v.literal('settings:set'), settings: v.partial(SettingsSchema) }),
]);

/** Sent by the background to extension pages when a tab's session changed. */
export const SessionChangedSchema = v.object({
  type: v.literal('session:changed'),
  tabId: TabIdSchema,
  count: Num,
});

export type Settings = v.InferOutput<typeof SettingsSchema>;
export type RuntimeMessage = v.InferOutput<typeof RuntimeMessageSchema>;
export type SessionChanged = v.InferOutput<typeof SessionChangedSchema>;

export function parseRuntimeMessage(value: unknown): RuntimeMessage | null {
  const result = v.safeParse(RuntimeMessageSchema, value);
  return result.success ? result.output : null;
}
