// What bounds the audit figures, with the profile numbers behind it, written under the Audit
// table of docs/benchmarks.md. Measured by hand (node --cpu-prof on an esbuild bundle of
// lib/cli/audit.ts, line-level ticks); update when the engine changes.
export const AUDIT_LIMITS = [
  '### What bounds the audit figures',
  '',
  '- **Command line (10,000,000 × 1,000,000).** Before this work (1,000,000 × 100,000): 28.8 s, per-event objects,',
  '  `resolveIdentity` per event (arrays, spreads, filters), readline; the profile was resolveIdentity, the',
  '  interner, GC and index inserts. Now rows are read in place into typed-array block columns, the rule runs on',
  '  id-indexed "first PF user with this key" tables, the file streams in 1 MiB pieces. At 3,000,000 × 300,000 the',
  '  profile (17,420 ticks) is memory latency, not allocation: GC 1,088 ms of 25 s; 36% of the ticks are the one',
  '  `Map.get` per row that interns the userId (6,322), 12% the check of the anonymousId/email the userId came with',
  '  last time (2,110: a values-array and a string read, each a cache miss), 19% the block-column reads of the',
  '  classification passes (3,237: ten per-user and per-PF-user tables touched at random per event). CPU time',
  '  grows faster than the rows (1M: 4.5 s, 3M: 17 s, 10M: 85 s user) because those tables and the 3.3 million',
  '  interned values outgrow the caches. Peak RSS at 10M measured 1,136 MiB before the parsed users list was',
  '  released after the run took its columns and the email/person keys were folded into the one value interner.',
  '  Next steps, in order of the profile: lay the per-user facts and per-PF-user facts out as one record per',
  '  user (one cache line instead of ten tables); replace the value Map with an open-addressing table over',
  '  interleaved [hash, id] Int32 slots hashed from the row text in place (no substring per lookup, one miss);',
  '  keep `line` and `time` only for the examples (re-read the few example rows from the file) to save 120 MB;',
  '  split the fold over a worker_thread per core is not possible (the rule is sequential), but reading can be.',
  '- **Diagnose page.** The work is in the audit worker; the page thread only renders progress (throttled to',
  '  one message per 100 ms) and the result. Found and removed: the page terminating the worker (a 275 ms task',
  '  while a million-user heap was torn down: the worker now closes itself), the first `toLocaleString` (ICU',
  '  number data, a 180 ms task: digits are grouped by hand), the result as one message of ~6,000 examples',
  '  (now pieces of 250). The time is the worker\'s: the same engine as the command line over 1,000,000 users',
  '  (Papa Parse of the users file, then the canonical sort) and 1,000,000 rows.',
];
