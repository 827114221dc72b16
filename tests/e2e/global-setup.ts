// Builds the fixtures (PF fake → tests/fixtures/pages/pf/script.js; the real Segment libraries →
// tests/fixtures/pages/gen/) once per e2e run.
// @ts-expect-error plain .mjs module without type declarations
import { buildFixtures, buildRealLibraries } from '../fixtures/build-fixtures.mjs';

export default async function setup(): Promise<void> {
  await (buildFixtures as (o?: { quiet?: boolean }) => Promise<unknown>)({ quiet: true });
  await (buildRealLibraries as (o?: { quiet?: boolean }) => Promise<unknown>)({ quiet: true });
}
