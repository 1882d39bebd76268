/**
 * vitest's alias gives every `import 'electron'` the fake, but a CommonJS package that
 * calls `require('electron')` (electron-updater does, lazily, for `app`, `net`, `session`
 * and `autoUpdater`) goes through Node's own loader, which the alias never sees: it would
 * load the real package, which tries to download Electron. This puts the fake (the very
 * module instance the test imported) into Node's require cache under the real package's
 * path, for as long as the test needs it.
 */
import { createRequire, Module } from 'node:module';
import electron from './electron.js';

export function routeElectronRequire(): () => void {
  const require = createRequire(import.meta.url);
  const path = require.resolve('electron');
  const previous = require.cache[path];
  const entry = new Module(path);
  entry.filename = path;
  entry.exports = electron;
  entry.loaded = true;
  require.cache[path] = entry;
  return () => {
    if (previous) require.cache[path] = previous;
    else delete require.cache[path];
  };
}
