// The built packages ask only for what docs/permissions.md justifies, and the doc lists nothing
// they no longer ask for. Reads the doc's table (kind | value | why) and each built manifest.
import { existsSync, readFileSync } from 'node:fs';

const DOC = 'docs/permissions.md';
const MANIFESTS = ['.output/chrome-mv3/manifest.json', '.output/firefox-mv3/manifest.json'];
const KINDS = ['permission', 'optional_permission', 'host_permission', 'optional_host_permission', 'content_script', 'web_accessible_resource', 'externally_connectable'];

/** `kind value` strings from the doc's table rows. */
function justified(markdown) {
  const rows = new Set();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length !== 3 || !KINDS.includes(cells[0])) continue;
    const value = cells[1].replace(/^`|`$/g, '');
    if (!cells[2]) throw new Error(`${DOC}: the row for ${cells[0]} ${value} gives no reason`);
    rows.add(`${cells[0]} ${value}`);
  }
  return rows;
}

/** `kind value` strings for everything a manifest asks for. */
function requested(m) {
  const out = new Set();
  const add = (kind, values) => {
    for (const v of values ?? []) out.add(`${kind} ${v}`);
  };
  add('permission', m.permissions);
  add('optional_permission', m.optional_permissions);
  add('host_permission', m.host_permissions);
  add('optional_host_permission', m.optional_host_permissions);
  for (const cs of m.content_scripts ?? []) add('content_script', cs.matches);
  for (const war of m.web_accessible_resources ?? []) add('web_accessible_resource', typeof war === 'string' ? [war] : war.resources);
  add('externally_connectable', m.externally_connectable?.matches);
  return out;
}

const doc = justified(readFileSync(DOC, 'utf8'));
let failed = false;
const asked = new Set();
for (const file of MANIFESTS) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: build first (npm run build && npm run build:firefox)`);
    failed = true;
    continue;
  }
  const wants = requested(JSON.parse(readFileSync(file, 'utf8')));
  const unjustified = [...wants].filter((w) => !doc.has(w));
  for (const w of wants) asked.add(w);
  for (const w of unjustified) console.error(`${file} asks for ${w}, which ${DOC} does not justify`);
  if (unjustified.length) failed = true;
  else console.log(`${file}: asks for ${[...wants].join(', ')}; all justified`);
}
for (const row of doc) {
  if (!asked.has(row)) {
    console.error(`${DOC} justifies ${row}, which no package asks for any more: remove the row`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
