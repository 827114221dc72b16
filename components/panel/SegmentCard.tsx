/** How Segment is loaded on the page: library, version, write key, and where it lives. */
import type { SegmentInfo, SegmentInstance } from '../../lib/shared/session/schema';

export function SegmentCard({ segment }: { segment: SegmentInfo }) {
  return (
    <section className="card segment-card" aria-label="Segment">
      <h3>Segment</h3>
      {segment.detected ? (
        <dl className="facts">
          {(segment.instances?.length ?? 0) > 1 ? <SegmentInstances instances={segment.instances!} /> : <SegmentLibraryFacts segment={segment} />}
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
      <dd>{segment.library === 'unknown' && segment.globalName === null ? 'unknown (the library was not seen on the page)' : loadedAs(segment)}</dd>
    </>
  );
}

/** Several instances on one page (e.g. the snippet's and an npm one): each with its own facts, never mixed. */
function SegmentInstances({ instances }: { instances: SegmentInstance[] }) {
  return (
    <>
      <dt>Instances</dt>
      <dd>
        <ol className="segment-instances" aria-label="Segment instances">
          {instances.map((instance, i) => (
            <li key={i}>
              {instance.library}
              {instance.version ? ` ${instance.version}` : ''}, write key <code>{instance.writeKey ?? 'unknown'}</code>, {loadedAs(instance)}
              {instance.frameUrl !== null ? `, in frame ${instance.frameUrl}` : ''}; sent {instance.sentEvents} {instance.sentEvents === 1 ? 'event' : 'events'}
            </li>
          ))}
        </ol>
      </dd>
    </>
  );
}

function loadedAs(segment: Pick<SegmentInfo, 'globalName' | 'onWindow'>): string {
  if (segment.globalName === null) return 'npm package only (no global)';
  return segment.onWindow ? `window.${segment.globalName}` : `window.${segment.globalName} (not a loaded instance)`;
}
