/**
 * The world-boundary check (`npm run check:worlds`, part of `npm test`). Every file's path says
 * in which JavaScript world it runs (docs/architecture.md); imports run one way: a world may use
 * `lib/shared/` and its own folder, `lib/shared/` uses nothing of the worlds, and the page-world
 * hook uses no npm package at all (it runs on the page's main thread at document_start).
 */
const PAGE = '^(lib/page-world/|entrypoints/page-hook\\.content\\.ts$)';
const CONTENT = '^(lib/content-script/|entrypoints/relay\\.ts$)';
const BACKGROUND = '^(lib/background/|entrypoints/background\\.ts$)';
const WORKER = '^lib/users-worker/';
const AUDIT_WORKER = '^lib/audit-worker/';
/** The audit command line (Node): lib/shared/ and node builtins, nothing of the browser worlds. */
const CLI = '^lib/cli/';
const PAGES = '^(lib/extension-pages/|components/|entrypoints/(devtools|devtools-panel|popup|diagnose)/)';
const SHARED = '^lib/shared/';
const TEST = '\\.test\\.tsx?$';

/** The page-world script may import only these shared modules: none of them pulls in a library. */
const PAGE_SAFE_SHARED = '^lib/shared/(pageChannel|vocabulary|values|segment/segmentPayload|pf/listenEvents)\\.ts$';

const worlds = { page: PAGE, content: CONTENT, background: BACKGROUND, worker: WORKER, auditWorker: AUDIT_WORKER, cli: CLI, pages: PAGES };
const crossWorld = [];
for (const [name, from] of Object.entries(worlds)) {
  for (const [other, to] of Object.entries(worlds)) {
    if (other === name) continue;
    crossWorld.push({
      name: `no-${name}-to-${other}`,
      comment: `${name} code runs in another world than ${other} code: share through lib/shared/ instead`,
      severity: 'error',
      from: { path: from },
      to: { path: to },
    });
  }
}

module.exports = {
  forbidden: [
    ...crossWorld,
    {
      name: 'shared-is-pure',
      comment: 'lib/shared/ is imported by every world, so it depends on none of them',
      severity: 'error',
      from: { path: SHARED },
      to: { path: `${PAGE}|${CONTENT}|${BACKGROUND}|${WORKER}|${AUDIT_WORKER}|${CLI}|${PAGES}` },
    },
    {
      name: 'shared-has-no-browser-or-react',
      comment: 'lib/shared/ runs in Node tests and in every world: no browser API module, no React',
      severity: 'error',
      from: { path: SHARED },
      to: { path: '(^|/)node_modules/(wxt|@wxt-dev|webextension-polyfill|react|react-dom|zustand)/' },
    },
    {
      name: 'page-world-imports-no-package',
      comment: 'the page-world hook must not carry a library (valibot, React, ...): every byte and microsecond there is the page\'s',
      severity: 'error',
      from: { path: PAGE, pathNot: TEST },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'page-world-uses-page-safe-shared-only',
      comment: 'shared modules the hook may use are listed in PAGE_SAFE_SHARED; the schemas are not among them',
      severity: 'error',
      from: { path: PAGE },
      // Types are erased at build: the hook may name the envelope's types, not import its schemas.
      to: { path: SHARED, pathNot: PAGE_SAFE_SHARED, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-uses-node-and-shared-only',
      comment: 'the command line runs in Node: no browser API module, no React',
      severity: 'error',
      from: { path: CLI },
      to: { path: '(^|/)node_modules/(wxt|@wxt-dev|webextension-polyfill|react|react-dom|zustand|@tanstack)/' },
    },
    {
      name: 'identity-engine-stands-alone',
      comment: 'the identity engine owns its types (lib/shared/identity/schema.ts); the session document embeds them, never the other way',
      severity: 'error',
      from: { path: '^lib/shared/identity/' },
      to: { path: '^lib/shared/session/' },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other have no one direction to read them in',
      severity: 'error',
      from: { pathNot: '(^|/)node_modules/' },
      to: { circular: true },
    },
    {
      name: 'tests-stay-out-of-shipped-code',
      comment: 'shipped code never imports test support or fixtures',
      severity: 'error',
      from: { path: '^(lib|components|entrypoints)/', pathNot: TEST },
      to: { path: '^tests/' },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(\\.output|\\.wxt|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
