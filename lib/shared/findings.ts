/**
 * Every finding the extension can report, one entry each: where it is reported (an event's verdict,
 * the session, the page), the severities it can have, and what to do about it. docs/findings.md
 * lists the same table (a test keeps them equal). A new finding is one entry here and one row there.
 */

export type FindingScope = 'event' | 'session' | 'page';

export interface FindingKind {
  scope: FindingScope;
  /** as docs/findings.md words it: 'error', 'warning / error', 'error with PF / warning without' */
  severity: string;
  whatToDo: string;
}

export const FINDINGS = {
  'would-create-new-user': { scope: 'event', severity: 'error / warning', whatToDo: 'Make the Segment userId equal the PF `username`, or send the same email in both. Import the PF users list if the user may already exist.' },
  'different-person-than-page': { scope: 'event', severity: 'error', whatToDo: "Compare the matched user with the page's user; align userId/username and emails." },
  'email-and-userid-match-different-users': { scope: 'event', severity: 'error', whatToDo: 'Fix the duplicate: the email belongs to a different PF username. Merge or correct the users in PF, or send the right email.' },
  'user-id-missing': { scope: 'event', severity: 'error / warning', whatToDo: 'Call `analytics.identify(userId, traits)` with the id used as PF `username`.' },
  'user-id-type-mismatch': { scope: 'event', severity: 'error / warning', whatToDo: 'Pass the same type on both sides — strings are safest (`String(id)`).' },
  'email-case-mismatch': { scope: 'event', severity: 'error / warning', whatToDo: 'Lowercase emails on both sides.' },
  'email-whitespace-mismatch': { scope: 'event', severity: 'error / warning', whatToDo: 'Trim emails before sending them to Segment and PF.' },
  'username-is-email-userid-is-id': { scope: 'event', severity: 'error / warning', whatToDo: 'Use the same value as Segment userId and PF username, or always send the email in both.' },
  'userid-is-email-username-is-id': { scope: 'event', severity: 'error / warning', whatToDo: 'As above.' },
  'email-shared-by-several-users': { scope: 'event', severity: 'warning', whatToDo: 'Remove duplicate emails in PF or make them unique per user.' },
  'email-not-in-pf-user': { scope: 'event', severity: 'warning', whatToDo: 'Pass `email` in the PF user object (init / updateUserData).' },
  'email-differs-from-pf-user': { scope: 'event', severity: 'warning', whatToDo: 'Send the same email to Segment and PF.' },
  'email-only-in-properties': { scope: 'event', severity: 'warning', whatToDo: 'Send it as `traits.email` (identify) or `context.traits.email` (other calls, via `{ traits: { email } }` options).' },
  'event-type-not-read': { scope: 'event', severity: 'info', whatToDo: 'None, unless PF confirms it reads this type (then change `eventTypesRead`).' },
  'identify-before-pf-user': { scope: 'session', severity: 'warning / error', whatToDo: 'Initialise PF with the user before (or together with) `analytics.identify`.' },
  'user-id-changed-without-reset': { scope: 'session', severity: 'warning', whatToDo: 'Call `analytics.reset()` on logout.' },
  'reset-while-pf-keeps-user': { scope: 'session', severity: 'warning', whatToDo: 'On logout, also clear or replace the PF user.' },
  'track-from-unidentified-user': { scope: 'session', severity: 'warning', whatToDo: 'Identify the user as early as possible (e.g. on page load when the app knows who is signed in).' },
  'pf-events-not-reaching-segment': { scope: 'page', severity: 'error', whatToDo: 'Load Segment through the snippet, or assign the npm instance to `window.analytics`.' },
  'analytics-not-on-window': { scope: 'page', severity: 'error with PF / warning without', whatToDo: '`window.analytics = analytics` (the AnalyticsBrowser) after loading.' },
  'pf-without-segment': { scope: 'page', severity: 'warning', whatToDo: 'Add Segment, or ignore if this page does not use it.' },
  'pf-without-user': { scope: 'page', severity: 'warning', whatToDo: 'Pass the user to `init` / `productFruitsUser`.' },
  'pf-user-without-email': { scope: 'page', severity: 'warning', whatToDo: 'Pass `email` in the PF user object.' },
  'segment-inspector-lost': { scope: 'page', severity: 'warning', whatToDo: 'Disable the other Segment inspector extension, or keep the page from replacing `window.__SEGMENT_INSPECTOR__`; the Network view still shows what was sent.' },
  'segment-library-not-loaded': { scope: 'page', severity: 'error', whatToDo: 'Allow the CDN (or your proxy) in the CSP, check the request in the Network panel.' },
  'capture-refused': { scope: 'page', severity: 'warning', whatToDo: 'Nothing to fix in the app if a third-party frame floods; otherwise look for a huge value or a forged message.' },
  'capture-storage-full': { scope: 'page', severity: 'warning', whatToDo: 'Export or clear sessions you no longer need, or close tabs that capture a lot.' },
  'derivation-failed': { scope: 'page', severity: 'warning', whatToDo: 'Report it with the exported session.' },
  'redaction-changed-verdicts': { scope: 'page', severity: 'warning', whatToDo: 'Judge the original (unredacted) file for the events named, and report it with that file if you can share it.' },
  'segment-without-pf': { scope: 'page', severity: 'info', whatToDo: 'Nothing to fix if PF is not meant to be here.' },
} as const satisfies Record<string, FindingKind>;

export type FindingCode = keyof typeof FINDINGS;

export function findingScope(code: string): FindingScope | null {
  return code in FINDINGS ? FINDINGS[code as FindingCode].scope : null;
}
