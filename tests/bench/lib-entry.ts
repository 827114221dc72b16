// Bundled on the fly by bench.mjs (Vite SSR build to .tmp/bench-lib), so plain Node ESM can use
// the TypeScript harness and library code. Nothing here runs in the extension.
export {
  launchWithExtension,
  launchWithoutExtension,
  openExtensionPage,
  tabIdOf,
  sendExtensionMessage,
} from '../e2e/harness';
export { launchFirefox } from '../e2e/bidi';
export { parsePfUsers, importPfUsers } from '../../lib/shared/identity/importUsers';
export { buildPfUserIndex } from '../../lib/shared/identity/pfUserIndex';
export { verdictsForSession } from '../../lib/shared/identity/sessionVerdicts';
export { DocumentCache } from '../../lib/background/documentCache';
export { applyEnvelope, newTabSession } from '../../lib/background/tabSession';
export { DEFAULT_SETTINGS } from '../../lib/shared/messages';
export { ENVELOPE_TAG } from '../../lib/shared/pageChannel';
