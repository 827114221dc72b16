/**
 * A collapsible JSON tree that renders page data strictly as text. Children render only when
 * their node is expanded, and containers with more than CHUNK entries are split into ranges,
 * so a 10,000-item array costs one row until someone opens it. The tree is bounded by its own
 * depth limit, whatever cut the value went through before: nodes past MAX_TREE_DEPTH show a
 * placeholder (captured values are cut at 72 levels, so real data never reaches it).
 */
import { useEffect, useMemo, useState } from 'react';
import { childPath, isInside } from '../lib/extension-pages/panel/jsonPath';
import type { DiffKind } from '../lib/extension-pages/panel/stageDiff';
import { copyText } from '../lib/extension-pages/copyText';

export const CHUNK = 100;
export const MAX_TREE_DEPTH = 100;
const COPIED_FEEDBACK_MS = 1500;

export interface JsonTreeProps {
  value: unknown;
  /** paths to mark (from stageDiff); nodes containing a mark start expanded */
  marks?: ReadonlyMap<string, DiffKind>;
  /** levels expanded at first; 1 shows the root's children */
  expandDepth?: number;
}

type Marks = ReadonlyMap<string, DiffKind>;
const NO_MARKS: Marks = new Map();

export function JsonTree({ value, marks = NO_MARKS, expandDepth = 1 }: JsonTreeProps) {
  return (
    <div className="json-tree" role="tree">
      <JsonNode name={null} value={value} path="$" depth={0} marks={marks} expandDepth={expandDepth} />
    </div>
  );
}

interface NodeProps {
  name: string | number | null;
  value: unknown;
  path: string;
  depth: number;
  marks: Marks;
  expandDepth: number;
}

function JsonNode(props: NodeProps) {
  if (props.depth >= MAX_TREE_DEPTH) return <DepthLimit name={props.name} />;
  return <BoundedNode {...props} />;
}

function DepthLimit({ name }: { name: string | number | null }) {
  return (
    <div className="json-node json-node--depth-limit" role="treeitem">
      <div className="json-node__line">
        <span className="json-node__spacer" />
        {name !== null && <span className="json-node__key">{name}: </span>}
        <span className="json-null">{`deeper than ${MAX_TREE_DEPTH} levels: not shown`}</span>
      </div>
    </div>
  );
}

function BoundedNode({ name, value, path, depth, marks, expandDepth }: NodeProps) {
  const entries = useMemo(() => containerEntries(value), [value]);
  const [expanded, setExpanded] = useState(() => depth < expandDepth || containsMark(marks, path));
  const mark = marks.get(path);
  return (
    <div className={`json-node${mark ? ` json-node--${mark}` : ''}`} role="treeitem" aria-expanded={entries ? expanded : undefined}>
      <div className="json-node__line">
        {entries ? (
          <button type="button" className="json-node__toggle" aria-label={`${expanded ? 'Collapse' : 'Expand'} ${path}`} onClick={() => setExpanded(!expanded)}>
            {expanded ? '▾' : '▸'}
          </button>
        ) : (
          <span className="json-node__spacer" />
        )}
        {name !== null && <span className="json-node__key">{name}: </span>}
        {entries ? <span className="json-node__summary">{summary(value, entries.length)}</span> : <Primitive value={value} />}
        {mark && <span className="json-node__mark">{mark}</span>}
        <CopyButtons value={value} path={path} />
      </div>
      {entries && expanded && (
        <div className="json-node__children" role="group">
          <Entries entries={entries} path={path} depth={depth} marks={marks} expandDepth={expandDepth} />
        </div>
      )}
    </div>
  );
}

type Entry = [key: string | number, value: unknown];

function Entries({ entries, path, depth, marks, expandDepth }: { entries: Entry[]; path: string; depth: number; marks: Marks; expandDepth: number }) {
  if (entries.length > CHUNK) {
    const chunks: Entry[][] = [];
    for (let i = 0; i < entries.length; i += CHUNK) chunks.push(entries.slice(i, i + CHUNK));
    return chunks.map((chunk, i) => (
      <Chunk key={i} entries={chunk} path={path} depth={depth} marks={marks} expandDepth={expandDepth} />
    ));
  }
  return entries.map(([key, child]) => (
    <JsonNode key={key} name={key} value={child} path={childPath(path, key)} depth={depth + 1} marks={marks} expandDepth={expandDepth} />
  ));
}

function Chunk({ entries, path, depth, marks, expandDepth }: { entries: Entry[]; path: string; depth: number; marks: Marks; expandDepth: number }) {
  const [expanded, setExpanded] = useState(false);
  const first = entries[0]![0];
  const last = entries[entries.length - 1]![0];
  const label = `[${first} … ${last}]`;
  return (
    <div className="json-node json-node--chunk" role="treeitem" aria-expanded={expanded}>
      <div className="json-node__line">
        <button type="button" className="json-node__toggle" aria-label={`${expanded ? 'Collapse' : 'Expand'} ${label}`} onClick={() => setExpanded(!expanded)}>
          {expanded ? '▾' : '▸'}
        </button>
        <span className="json-node__summary">{label}</span>
      </div>
      {expanded && (
        <div className="json-node__children" role="group">
          {entries.map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} path={childPath(path, key)} depth={depth + 1} marks={marks} expandDepth={expandDepth} />
          ))}
        </div>
      )}
    </div>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number' || typeof value === 'boolean') return <span className={`json-${typeof value}`}>{String(value)}</span>;
  return <span className="json-null">{value === null ? 'null' : String(value)}</span>;
}

function CopyButtons({ value, path }: { value: unknown; path: string }) {
  const [copied, setCopied] = useState<'value' | 'path' | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = async (what: 'value' | 'path') => {
    const ok = await copyText(what === 'path' ? path : valueText(value));
    setCopied(ok ? what : null);
  };
  return (
    <span className="json-node__actions">
      <button type="button" aria-label={`Copy value of ${path}`} title="Copy value" onClick={() => void copy('value')}>
        {copied === 'value' ? 'copied' : 'copy'}
      </button>
      <button type="button" aria-label={`Copy path ${path}`} title="Copy path" onClick={() => void copy('path')}>
        {copied === 'path' ? 'copied' : 'path'}
      </button>
    </span>
  );
}

/** Strings copy bare (a user id pasted elsewhere should not carry quotes); the rest as JSON. */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

function containerEntries(value: unknown): Entry[] | null {
  if (Array.isArray(value)) return value.map((item, i) => [i, item]);
  if (typeof value === 'object' && value !== null) return Object.entries(value);
  return null;
}

function summary(value: unknown, size: number): string {
  return Array.isArray(value) ? `Array(${size})` : `{${size} ${size === 1 ? 'key' : 'keys'}}`;
}

function containsMark(marks: Marks, path: string): boolean {
  for (const marked of marks.keys()) if (isInside(marked, path)) return true;
  return false;
}
