import { defineConfig } from 'wxt';

export default defineConfig({
  // Separate output folders let the benchmark and parallel test runs build without racing.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Segment Companion for Product Fruits',
    description:
      'See every Segment call and Product Fruits event on a page, and whether both agree on who the user is.',
    permissions: ['storage'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'segment-pf-companion@example.org',
              strict_min_version: '140.0',
              // Nothing leaves the machine: the extension collects and transmits no data.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
