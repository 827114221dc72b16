// The bench's machine-readable output, docs/benchmarks.json: one entry per figure,
// { name, value, unit, target, met }. Any section may add figures; a partial run
// (`--only audit`, BENCH_ONLY) replaces the entries it measured and keeps the others.
// Also the number helpers the figures' rows share.
import fs from 'node:fs';
import path from 'node:path';

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : Number(x).toFixed(d));

/** "a ms with / b ms without = **r x**", marked when it meets only the looser of the page-overhead targets (≤ 1.05x). */
export function ratioText(a, b) {
  const ratio = a / b;
  return `${fmt(a)} ms with / ${fmt(b)} ms without = **${fmt(ratio, 3)}x**${ratio > 1.02 && ratio <= 1.05 ? ' (within ≤ 1.05x only)' : ''}`;
}

/**
 * @typedef {{ name: string, value: number | null, unit: string, target: string | null, met: boolean | null }} Figure
 */

export function createFigures() {
  /** @type {Figure[]} */
  const list = [];
  return {
    list,
    /** @param {Figure} f */
    add(f) {
      const at = list.findIndex((x) => x.name === f.name);
      const entry = { name: f.name, value: f.value, unit: f.unit, target: f.target ?? null, met: f.met ?? null };
      if (at === -1) list.push(entry);
      else list[at] = entry;
      return entry;
    },
  };
}

/** Merges `figures` into docs/benchmarks.json by name (order: existing entries, then new ones). */
export function writeFiguresJson(root, figures, meta) {
  const file = path.join(root, 'docs/benchmarks.json');
  let previous = [];
  if (fs.existsSync(file)) {
    try {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      previous = Array.isArray(doc.figures) ? doc.figures : [];
    } catch {
      previous = [];
    }
  }
  const byName = new Map(previous.map((f) => [f.name, f]));
  for (const f of figures) byName.set(f.name, f);
  const doc = { ...meta, figures: [...byName.values()] };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

/** Replaces (or appends) the markdown section starting at `heading`, up to the next `## `, keeping the rest. */
export function replaceSection(doc, heading, section) {
  const at = doc.indexOf(heading);
  if (at === -1) return `${doc.trimEnd()}\n\n${section.trimEnd()}\n`;
  const next = doc.indexOf('\n## ', at + heading.length);
  const after = next === -1 ? '' : doc.slice(next + 1);
  return `${doc.slice(0, at)}${section.trimEnd()}\n${after ? `\n${after}` : ''}`;
}
