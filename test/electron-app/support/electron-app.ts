import { spawn } from 'node:child_process';
import { type ElectronApplication, _electron } from 'playwright-core';

/**
 * Launching the built app (package.json `main`: out/desktop/main.js, as `npm start` runs
 * it) under a real Electron through playwright-core. Playwright drives Electron over
 * `--inspect` and the DevTools protocol, which the packaged app's fuses switch off, so the
 * unpackaged build is what can be driven; it runs the same bundle the packages ship.
 *
 * `--user-data-dir` makes Electron use that folder as `app.getPath('userData')` (Electron's
 * shell/app/electron_main_delegate.cc, PreSandboxStartup, overrides DIR_USER_DATA), so the
 * store, logs, single-instance lock and Chromium's profile all live in the test's folder.
 */
export interface LaunchInput {
  projectRoot: string;
  dataDir: string;
  env: Record<string, string>;
}

export function appArgs(input: Pick<LaunchInput, 'projectRoot' | 'dataDir'>): string[] {
  return [input.projectRoot, `--user-data-dir=${input.dataDir}`];
}

export async function launchApp(input: LaunchInput): Promise<ElectronApplication> {
  return _electron.launch({
    args: appArgs(input),
    cwd: input.projectRoot,
    env: input.env,
    // Playwright turns Chromium's sandbox off on Linux unless asked; users run with it on.
    chromiumSandbox: true,
    timeout: 60_000,
  });
}

/** How the app's process ended. */
export function exitOf(app: ElectronApplication): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = app.process();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export function isRunning(app: ElectronApplication): boolean {
  const child = app.process();
  return child.exitCode === null && child.signalCode === null;
}

/** Starts the app a second time on the same data folder, as a user or autostart would; resolves with its exit code. */
export function launchSecondInstance(electronBinary: string, input: LaunchInput): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(electronBinary, appArgs(input), { cwd: input.projectRoot, env: input.env, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the second instance did not exit within 30 s'));
    }, 30_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Windows of the main process that are shown (destroyed ones do not count). */
export function visibleWindowCount(app: ElectronApplication): Promise<number> {
  return app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().filter((window) => !window.isDestroyed() && window.isVisible()).length);
}
