import { afterEach } from 'vitest';
import { removeFakeElectronFolders } from '../fakes/electron-app.js';

/**
 * The fake Electron makes a `fake-electron-*` folder in the system temp dir for each
 * path a test asks `app.getPath()` for; they go after every test, in every file, so no
 * run leaves one behind (whether or not the test resets the fake itself).
 */
afterEach(() => removeFakeElectronFolders());
