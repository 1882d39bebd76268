import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  resolve: {
    // The real `electron` package tries to download its binary when imported under Node.
    // Every import of it, ours and electron-store's/electron-log's, gets the hand-written fake.
    alias: { electron: fileURLToPath(new URL('./fakes/electron.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'out/**', 'test/bench/**'],
    // ESM packages that import `electron` are inlined so the alias reaches them. electron-updater
    // is CommonJS and `require`s electron through Node's loader, past the alias whether inlined
    // or not: its tests route that require to the same fake (test/fakes/electron-require.ts).
    server: { deps: { inline: ['electron-store', 'electron-log'] } },
    setupFiles: ['test/support/fake-electron-cleanup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    restoreMocks: true,
    unstubEnvs: true,
  },
});
