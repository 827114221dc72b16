// Bundled on the fly by bench.mjs (Vite SSR build to .tmp/bench-lib), so plain Node ESM can use
// the TypeScript harness and library code. Nothing here runs in the extension.
export {
  launchWithExtension,
  launchWithoutExtension,
  openExtensionPage,
  tabIdOf,
  sendExtensionMessage,
} from '../e2e/harness';
export { parsePfUsers } from '../../lib/shared/identity/importUsers';
export { buildPfUserIndex } from '../../lib/shared/identity/pfUserIndex';
export { verdictsForSession } from '../../lib/shared/identity/sessionVerdicts';
