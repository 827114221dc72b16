import { installPageHook } from '@/lib/page-world/pageHook';

// Runs in the page's own JavaScript world before any page script, in every frame.
export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    try {
      installPageHook(window);
    } catch {
      // Whatever happens, the page must not see an exception from us.
    }
  },
});
