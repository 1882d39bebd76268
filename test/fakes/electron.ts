/**
 * A hand-written fake of the parts of Electron's main-process API the app uses.
 * vitest aliases `electron` to this file (test/vitest.config.ts), so our code and
 * electron-store both get it. State lives in `fakeElectron` so tests can inspect and
 * reset it; `resetFakeElectron()` runs between tests that care.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: unknown[]) => void;

class FakeApp extends EventEmitter {
  paths = new Map<string, string>();
  name = 'Twitch ColorChanger';
  version = '0.0.0-test';
  quitCalls = 0;
  readyPromise = Promise.resolve();

  getPath(name: string): string {
    let path = this.paths.get(name);
    if (!path) {
      path = mkdtempSync(join(tmpdir(), `fake-electron-${name}-`));
      this.paths.set(name, path);
    }
    return path;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getName(): string {
    return this.name;
  }
  getVersion(): string {
    return this.version;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return true;
  }
  quit(): void {
    this.quitCalls += 1;
    this.emit('before-quit', { preventDefault: () => {} });
  }
}

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(path: string): Promise<string> {
    shell.openedPaths.push(path);
    return '';
  },
};

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  getSelectedStorageBackend(): string {
    return safeStorage.backend;
  },
  encryptString(plain: string): Buffer {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    // Reversible but not plaintext, so tests can tell encrypted bytes from the original.
    return Buffer.from(`enc:${Buffer.from(plain, 'utf8').toString('base64')}`, 'utf8');
  },
  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8');
    if (!safeStorage.available || !text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4), 'base64').toString('utf8');
  },
};

export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.quitCalls = 0;
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}

const electron = { app, ipcMain, shell, safeStorage };
export default electron;
