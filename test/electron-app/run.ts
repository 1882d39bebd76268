/**
 * `npm run test:electron`: the smoke test of the built app under a real Electron
 * (test/electron-app/app.smoke.ts, through playwright-core's Electron support). Where the
 * Electron binary is not installed, the test cannot run: this says so in one line and
 * exits with NOT_RUN_EXIT_CODE, so a missing binary never reads as a pass (in CI the job
 * fails). Exit codes: 0 passed, 1 failed, 2 not run.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProjectElectron } from './electron-binary.js';

const NOT_RUN_EXIT_CODE = 2;

const root = fileURLToPath(new URL('../../../', import.meta.url));

const electron = findProjectElectron(root, process.env);
if (!electron.found) {
  console.log(`test:electron: NOT RUN (not a pass): ${electron.reason}; \`npx install-electron\` downloads it (needs network).`);
  process.exit(NOT_RUN_EXIT_CODE);
}

const vitest = join(dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')), 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', '--config', join(root, 'test', 'electron-app', 'vitest.config.ts')], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
