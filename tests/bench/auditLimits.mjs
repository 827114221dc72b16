// What bounds the audit figures (measured; see the profile numbers), written under the Audit
// table of docs/benchmarks.md. Updated by hand when the engine changes.
export const AUDIT_LIMITS = [
  '### What bounds the audit figures',
  '',
  '- (to be filled from the measured profile)',
];
