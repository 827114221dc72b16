/**
 * The identity engine's own vocabulary: what it judges (a PF user, the page's PF user over time,
 * an event's identity fields) and what it answers (a verdict and its findings). The session
 * document (../session/schema.ts) embeds these schemas; the engine imports nothing of the session.
 */
import * as v from 'valibot';

export const SeveritySchema = v.picklist(['error', 'warning', 'info']);

export const FindingSchema = v.object({
  code: v.string(),
  severity: SeveritySchema,
  message: v.string(),
});

export const PfUserRefSchema = v.object({
  username: v.nullable(v.string()),
  email: v.nullable(v.string()),
});

export const VerdictSchema = v.object({
  rule: v.picklist(['email', 'username', 'new-user']),
  pfUser: v.nullable(PfUserRefSchema),
  samePersonAsPage: v.nullable(v.boolean()),
  findings: v.array(FindingSchema),
  assumptions: v.array(v.string()),
});

export const PfUserSchema = v.looseObject({
  username: v.optional(v.unknown()),
  email: v.optional(v.unknown()),
});

export const PfUserChangeSchema = v.object({
  at: v.string(),
  /** how the page set it: init, updateUserData, identifyUser, productFruitsUser (legacy global) */
  via: v.string(),
  user: v.nullable(PfUserSchema),
  /** seq of the last event captured before this change, so the panel can place it in the list */
  afterSeq: v.number(),
});

export type Severity = v.InferOutput<typeof SeveritySchema>;
export type Finding = v.InferOutput<typeof FindingSchema>;
export type PfUserRef = v.InferOutput<typeof PfUserRefSchema>;
export type Verdict = v.InferOutput<typeof VerdictSchema>;
export type PfUser = v.InferOutput<typeof PfUserSchema>;
export type PfUserChange = v.InferOutput<typeof PfUserChangeSchema>;

/** The parts of a captured Segment event the engine reads; a session event is one. */
export interface JudgedEvent {
  id: string;
  seq: number;
  source: string;
  type: string;
  name: string | null;
  args: readonly unknown[];
  built: unknown;
  sent?: unknown;
}
