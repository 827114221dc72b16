/** How Segment is loaded on the page: library, version, write key, and where it lives. */
import type { SegmentInfo } from '../../lib/shared/session/schema';

export function SegmentCard({ segment }: { segment: SegmentInfo }) {
  return (
    <section className="card segment-card" aria-label="Segment">
      <h3>Segment</h3>
      {segment.detected ? (
        <dl className="facts">
          <SegmentLibraryFacts segment={segment} />
          {segment.identity && (
            <>
              <dt>User ID</dt>
              <dd>
                <code>{segment.identity.userId ?? 'none (anonymous)'}</code>
              </dd>
              <dt>Anonymous ID</dt>
              <dd>
                <code>{segment.identity.anonymousId ?? 'none'}</code>
              </dd>
              {segment.identity.groupId !== null && (
                <>
                  <dt>Group ID</dt>
                  <dd>
                    <code>{segment.identity.groupId}</code>
                  </dd>
                </>
              )}
              <dt>Stored in</dt>
              <dd>{segment.identity.source}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="empty-note">Segment was not found on this page.</p>
      )}
    </section>
  );
}

/** Library, write key and where it lives, as `<dt>`/`<dd>` pairs: shared by this card and the popup. */
export function SegmentLibraryFacts({ segment }: { segment: SegmentInfo }) {
  return (
    <>
      <dt>Library</dt>
      <dd>
        {segment.library}
        {segment.version ? ` ${segment.version}` : ''}
      </dd>
      <dt>Write key</dt>
      <dd>
        <code>{segment.writeKey ?? 'unknown'}</code>
      </dd>
      <dt>Loaded as</dt>
      <dd>{loadedAs(segment)}</dd>
    </>
  );
}

function loadedAs(segment: SegmentInfo): string {
  if (segment.globalName === null) return 'npm package only (no global)';
  return segment.onWindow ? `window.${segment.globalName}` : `window.${segment.globalName} (not a loaded instance)`;
}
