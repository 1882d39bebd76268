import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type UiBridge, startUiBridge } from '../../../src-core/ipc/bridge/server.js';
import { createIpcHandlers } from '../../../src-core/ipc/handlers.js';
import { createRendererAssets } from '../../../src-core/ipc/renderer-assets.js';
import { MemoryLogSink, createLogger } from '../../../src-core/runtime/logger.js';
import type { CorePort, PlatformPort } from '../../../src-core/ipc/core-port.js';
import type { AppSnapshot } from '../../../src-core/ipc/snapshot.js';
import { type ContrastReport, measureContrast } from './contrast.js';
import { ScriptedCore } from './scripted-core.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const artifactsDir = join(root, 'test', 'artifacts');

function newestMtime(dir: string, pattern: RegExp): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) newest = Math.max(newest, newestMtime(path, pattern));
    else if (pattern.test(name)) newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}

/**
 * The page loads out/renderer/*.js, which `npx tsc -b` writes. `npm test` builds first;
 * running this file alone rebuilds the renderer only when its sources are newer.
 */
export function ensureRendererBuilt(): void {
  const sources = newestMtime(join(root, 'renderer'), /\.ts$/);
  let built: number;
  try {
    built = newestMtime(join(root, 'out', 'renderer'), /\.js$/);
  } catch {
    built = 0;
  }
  if (built >= sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(root, 'renderer')], { cwd: root, stdio: 'inherit', timeout: 120_000 });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface ServedUi {
  bridge: UiBridge;
  logs: MemoryLogSink;
  stop(): Promise<void>;
}

/**
 * The real IPC handlers and WebSocket bridge on 127.0.0.1:0 over any core: the scripted one
 * here, or the real core against the fake Twitch for end-to-end tests.
 */
export async function serveUi(core: CorePort, platform: PlatformPort, options: { avatarDir?: string } = {}): Promise<ServedUi> {
  const logs = new MemoryLogSink();
  const logger = createLogger(logs);
  const handlers = createIpcHandlers({ core, platform, logger });
  const bridge = await startUiBridge({ handlers, assets: createRendererAssets(undefined, options), logger, port: 0 });
  return { bridge, logs, stop: () => bridge.stop() };
}

export interface Harness extends ServedUi {
  core: ScriptedCore;
}

export async function startHarness(initial: AppSnapshot): Promise<Harness> {
  const core = new ScriptedCore(initial);
  return { core, ...(await serveUi(core, core.platform)) };
}

export type Scheme = 'light' | 'dark';

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors: a clean UI has none. */
  errors: string[];
}

export interface PageOptions {
  scheme?: Scheme;
  /** Appended to the bridge URL, e.g. `#login`. */
  hash?: string;
  viewport?: { width: number; height: number };
  /** Runs in the page before any of its scripts, on every load. */
  initScript?: () => void;
}

/** A fresh browser context on the bridge's page, collecting console and page errors. */
export async function openUi(browser: Browser, bridge: UiBridge, options: PageOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 760 }, colorScheme: options.scheme ?? 'light', reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridge.origin });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${bridge.url}${options.hash ?? ''}`);
  return { page, context, errors };
}

/** Saves `test/artifacts/renderer-<name>-<scheme>.png` (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string, scheme: Scheme): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.emulateMedia({ colorScheme: scheme });
  // Chromium applies the new scheme to style a frame or more later; wait until the page is dark or light.
  await page.waitForFunction((dark) => {
    const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(document.body).backgroundColor);
    if (!rgb) return false;
    const lightness = (Number(rgb[1]) + Number(rgb[2]) + Number(rgb[3])) / 765;
    return dark ? lightness < 0.5 : lightness >= 0.5;
  }, scheme === 'dark');
  await page.screenshot({ path: join(artifactsDir, `renderer-${name}-${scheme}.png`) });
  const report = await measureContrast(page);
  contrastReports.push({ screen: `${name}-${scheme}`, ...report });
  // Issue 20: every screen, in both schemes, keeps WCAG AA; a new color cannot regress it.
  if (report.failures.length > 0) {
    throw new Error(`Text below WCAG AA contrast on ${name} (${scheme}):\n${report.failures.map((f) => `  ${f.ratio}:1 < ${f.required}:1 "${f.text}" ${f.color} on ${f.background} (${f.where})`).join('\n')}`);
  }
}

/** The contrast of every screen saved so far (this file's), for the record. */
export const contrastReports: Array<ContrastReport & { screen: string }> = [];

/** Both schemes of the current screen. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, name, 'light');
  await screenshot(page, name, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The window sizes every screen is checked at: a roomy desktop window and a small one. */
export const WIDE = { width: 1100, height: 760 } as const;
export const SMALL = { width: 740, height: 600 } as const;

/** Both schemes at both sizes: `<name>` at 1100x760 and `<name>-740` at 740x600; the page is left wide. */
export async function screenshotsAtBothSizes(page: Page, name: string): Promise<void> {
  await page.setViewportSize(WIDE);
  await screenshots(page, name);
  await page.setViewportSize(SMALL);
  await screenshots(page, `${name}-740`);
  // Nothing sticks out sideways at the small size.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`${name} is ${overflow} px wider than a 740 px window`);
  await page.setViewportSize(WIDE);
}

/** Scrolls the main pane so the card with this title is at the top (the window does not scroll). */
export async function scrollToCard(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { name: title, exact: true }).evaluate((heading) => heading.closest('section')?.scrollIntoView({ block: 'start' }));
}
