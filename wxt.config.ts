import { defineConfig, type WxtViteConfig } from 'wxt';

type VitePlugin = NonNullable<WxtViteConfig['plugins']>[number];

/**
 * React DOM's only `innerHTML` writes serve `dangerouslySetInnerHTML`, which this project never
 * uses (page data is rendered as text). Replacing them with a throw makes that rule hold at run
 * time too, and leaves the Firefox package with no UNSAFE_VAR_ASSIGNMENT for AMO's linter. The
 * build fails if React's code no longer has exactly these writes, so an upgrade cannot skip it.
 */
function reactWithoutInnerHtml(): VitePlugin {
  const WRITE = '(domElement.innerHTML = key)';
  const EXPECTED = 2;
  return {
    name: 'react-dom-without-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/react-dom[\\/]cjs[\\/]react-dom-client\.production\.js$/.test(id)) return null;
      const count = code.split(WRITE).length - 1;
      if (count !== EXPECTED) {
        throw new Error(`react-dom-without-inner-html: expected ${EXPECTED} innerHTML writes in ${id}, found ${count}`);
      }
      return code.replaceAll(WRITE, '(() => { throw Error("dangerouslySetInnerHTML is disabled in this extension"); })()');
    },
  };
}

/**
 * V8's explicit compile hint (Chrome 136+; other engines read a comment): the two scripts that run
 * at document_start are compiled whole when they are evaluated, instead of pre-parsed and then
 * parsed again function by function as each is first called, which is most of them on a page that
 * uses Segment; each page load compiles them again (traced: the same count on every load). On the
 * realistic page: 466 -> 344 function parses on the page's thread per load, no pre-parse, and the
 * main-thread time added, side by side over 60 rounds, +10.9 -> +10.4 ms (docs/benchmarks.md,
 * section 1). The comment must be the file's first line after minification, so it goes into the
 * emitted chunk.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
const EAGER_SCRIPTS = ['content-scripts/page-hook.js', 'relay.js'];

function eagerCompileHint(): VitePlugin {
  return {
    name: 'eager-compile-hint',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && EAGER_SCRIPTS.includes(chunk.fileName)) chunk.code = COMPILE_HINT + chunk.code;
      }
    },
  };
}

export default defineConfig({
  // Separate output folders let the benchmark and parallel test runs build without racing.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // WXT_NO_MINIFY=1: readable function names in CPU profiles (the bench's worker profile).
  vite: () => ({ plugins: [reactWithoutInnerHtml(), eagerCompileHint()], ...(process.env.WXT_NO_MINIFY === '1' ? { build: { minify: false } } : {}) }),
  hooks: {
    // The relay is an unlisted script (entrypoints/relay.ts says why), declared here as the
    // content script it is: every frame, at document_start, in the isolated world.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [...(manifest.content_scripts ?? []), { matches: ['<all_urls>'], js: ['relay.js'], run_at: 'document_start', all_frames: true }];
    },
  },
  manifest: ({ browser }) => ({
    name: 'Segment Companion for Product Fruits',
    description:
      'See every Segment call and Product Fruits event on a page, and whether both agree on who the user is.',
    permissions: ['storage'],
    // Chrome 148+: runtime messages are structured-cloned, as Firefox's always are, instead of
    // written as JSON. The relay sends each envelope as one long JSON text, which as JSON was
    // escaped again: the relay's send 33 -> 20 ms per 10,000 events, shaped.html 13.2 -> 11.8 µs per
    // call side by side (docs/benchmarks.md, section 1). Older Chrome ignores the key.
    ...(browser === 'chrome' ? { message_serialization: 'structured_clone' } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'segment-pf-companion@example.org',
              strict_min_version: '140.0',
              // Nothing leaves the machine: the extension collects and transmits no data.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  // `npm run zip`: the store packages plus, for AMO's reviewers, the sources that rebuild them
  // (docs/store/amo-review.md says how). Tests, fixtures and tooling are not part of the build.
  zip: {
    includeSources: [
      'entrypoints/**',
      'lib/**',
      'components/**',
      'public/**',
      'docs/**',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'README.md',
      'CHANGELOG.md',
    ],
  },
});
