/**
 * What the distributor configured for this build (a Twitch client ID, an update feed).
 * This file compiles to `null`, a developer build; `npm run build` then overwrites the
 * compiled `out/src-core/app/distribution-baked.js` with the configured value
 * (build/bake-distribution.mjs), and the CLI bundle and the desktop app carry it from there.
 * It is read only through `builtDistribution()`, which validates it.
 */
export const BAKED_DISTRIBUTION: unknown = null;
