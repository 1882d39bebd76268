/** The app's version, for `--version` and the snapshot (no other import: `--version` loads nothing else). */
export const APP_VERSION = '0.1.0';
