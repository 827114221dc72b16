/**
 * The audit's result document (docs/audit-format.md): the same from the command line and the
 * diagnose page. Scripts may rely on `format`, `version` and the `summary` keys.
 */
import type { IdentityAssumptions } from '../identity/assumptions';
import type { MatchRule } from '../identity/resolveIdentity';
import type { SkippedRow } from './auditEvent';
import type { EventsFormat } from './readEvents';

export const AUDIT_FORMAT = 'segment-pf-companion/audit';
export const AUDIT_VERSION = 1;

/** Singular per Segment user; when several apply, the first in this list wins. */
export const CLASSIFICATIONS = ['split', 'wrongUser', 'merged', 'newUser', 'samePerson'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export interface AuditSummary {
  samePerson: number;
  newUser: number;
  wrongUser: number;
  merged: number;
  split: number;
  /** PF users from the users list that no Segment user reaches. */
  unreachedPfUsers: number;
  /** identity-carrying events folded through the rule */
  events: number;
  segmentUsers: number;
  /** PF users in the users list (after duplicate usernames are dropped) */
  pfUsers: number;
  /** rows of either file that were skipped */
  skippedRows: number;
}

export interface AuditPfUser {
  username: string | null;
  email: string | null;
  /** from the users list, or created by the webhook during the audit */
  origin: 'import' | 'created';
}

export interface AuditedEvent {
  line: number;
  type: string;
  userId: string | number | null;
  anonymousId: string | number | null;
  email: string | null;
  /** ISO time, null when the event had none */
  time: string | null;
  rule: MatchRule;
  pfUser: AuditPfUser;
}

export interface AuditExample {
  segmentUser: string;
  classification: Classification;
  /** plain sentence: why this user has this classification */
  reason: string;
  /** the PF user the user's last event lands on */
  pfUser: AuditPfUser;
  events: number;
  /** distinct PF users this Segment user's events land on */
  pfUsersReached: number;
  /** the event that shows the classification (the one that created, went wrong, split...) */
  event: AuditedEvent;
  /** newUser: events (of anyone) that land on the created PF user after the creating event */
  laterEventsOnCreatedUser?: number;
}

export interface AuditInputFile {
  name: string;
  format: string | null;
  rows: number;
  skippedRows: number;
  /** the first skipped rows, with their line numbers */
  firstSkipped: SkippedRow[];
}

export interface AuditResult {
  format: typeof AUDIT_FORMAT;
  version: typeof AUDIT_VERSION;
  generatedAt: string;
  assumptions: IdentityAssumptions;
  assumptionSentences: string[];
  /** 'time': by time, ties by userId, anonymousId, email; 'file': some events had no time */
  order: 'time' | 'file';
  input: { events: AuditInputFile; users: AuditInputFile };
  summary: AuditSummary;
  examples: Record<Classification, AuditExample[]>;
  unreachedPfUsers: AuditPfUser[];
}

export type { EventsFormat };
