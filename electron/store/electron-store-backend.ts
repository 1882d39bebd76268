import ElectronStore from 'electron-store';
import { ConfFileStorage } from '../../src-core/store/conf-backend.js';
import type { StoragePort } from '../../src-core/store/storage-port.js';
import { STORE_FILE_NAME } from '../../src-core/store/store-file.js';

/**
 * The app's storage adapter: electron-store on `<dataDir>/config.json`, with exactly the
 * options, serializer and file format of the headless conf adapter (electron-store is a
 * conf subclass), so the app and the CLI can share one data folder.
 */
export function createElectronStoreBackend(dataDir: string): StoragePort {
  return new ConfFileStorage(dataDir, (options) => new ElectronStore<Record<string, unknown>>({ ...options, name: STORE_FILE_NAME }));
}
