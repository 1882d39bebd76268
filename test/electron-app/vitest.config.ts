import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:electron` (through test/electron-app/run.ts, which first checks that the
 * Electron binary is there). No `electron` alias here: the app runs in a real Electron and
 * the test process only drives it. `npm test` never picks these files up (*.smoke.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/electron-app/**/*.smoke.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
