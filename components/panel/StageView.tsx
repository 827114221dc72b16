/** One payload stage (Called, Built or Sent) as a JSON tree, with its differences marked. */
import type { DiffKind, StageDiff } from '../../lib/extension-pages/panel/stageDiff';
import { JsonTree } from '../JsonTree';

export interface StageViewProps {
  value: unknown;
  /** shown when the stage was not seen (value null/undefined) */
  missing: string;
  diff?: StageDiff;
  /** which kinds of difference exist on this side (removed ones only exist in the earlier stage) */
  showKinds?: readonly DiffKind[];
  diffNote?: string;
}

export function StageView({ value, missing, diff, showKinds = [], diffNote }: StageViewProps) {
  if (value === null || value === undefined) return <p className="empty-note">{missing}</p>;
  const marks = new Map([...(diff ?? [])].filter(([, kind]) => showKinds.includes(kind)));
  return (
    <div className="stage">
      {diff && diff.size > 0 && diffNote && (
        <p className="stage__diff-note">
          {diffNote} ({marks.size} marked here)
        </p>
      )}
      <JsonTree value={value} marks={marks} expandDepth={1} />
    </div>
  );
}
