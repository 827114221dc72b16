import { describe, expect, it } from 'vitest';
import { libraryNotLoaded, pageDiagnostics } from './diagnostics';
import { emptyPf, emptySegment } from './blank';

const failure = { at: '2026-01-01T00:00:00.000Z', what: 'script' as const, url: 'https://cdn.segment.com/analytics.js/v1/k/analytics.min.js', error: 'blocked' };

describe('segment-library-not-loaded', () => {
  it('is an error naming the failed script while no library started', () => {
    const segment = { ...emptySegment(), detected: true, globalName: 'analytics', loadFailures: [failure] };
    const finding = libraryNotLoaded(segment);
    expect(finding).toMatchObject({ code: 'segment-library-not-loaded', severity: 'error' });
    expect(finding!.message).toContain(failure.url);
    expect(finding!.message).toContain('window.analytics');
    expect(pageDiagnostics({ segment, productFruits: emptyPf(), unmatchedPfEvents: [] }).map((d) => d.code)).toContain('segment-library-not-loaded');
  });

  it('is not raised without a failure, or once a library loaded after all', () => {
    expect(libraryNotLoaded({ ...emptySegment(), detected: true, globalName: 'analytics' })).toBeNull();
    expect(libraryNotLoaded({ ...emptySegment(), detected: true, library: 'analytics-next', loadFailures: [failure] })).toBeNull();
  });
});
