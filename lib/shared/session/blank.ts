/** Page facts before anything was seen: a new capture, a navigation, an imported HAR. */
import type { PfInfo, SegmentInfo } from './schema';

export const emptySegment = (): SegmentInfo => ({
  detected: false, globalName: null, onWindow: false, library: 'unknown', version: null, writeKey: null, identity: null,
});

export const emptyPf = (): PfInfo & { userTimeline: NonNullable<PfInfo['userTimeline']> } => ({
  detected: false, snippet: null, workspaceCode: null, language: null, ready: false, user: null, userTimeline: [],
});
