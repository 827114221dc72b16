/** Text with the current search's matches wrapped in <mark>; still text only, never HTML. */
import { highlightRanges } from '../../lib/extension-pages/panel/filter';

export function Highlighted({ text, search }: { text: string; search: string }) {
  const ranges = search === '' ? [] : highlightRanges(text, search);
  if (ranges.length === 0) return <>{text}</>;
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
