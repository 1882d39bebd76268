/**
 * The headless command's version (`--version`, `status`). It is package.json's; a test
 * keeps the two equal, and the npm package of the CLI is generated with it.
 */
export const APP_VERSION = '0.1.0';
