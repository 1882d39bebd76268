import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { PlatformPort } from '../../../src-core/ipc/core-port.js';
import { type CoreHarness, startCoreHarness } from '../../support/core-harness.js';
import { type OpenPage, type PageOptions, type ServedUi, ensureRendererBuilt, launchBrowser, openUi, serveUi } from './harness.js';

/**
 * The real renderer in Chromium, over the real IPC handlers and WebSocket bridge, in front
 * of the real core (store on disk, Twitch clients, runtimes) talking to the fake Twitch on
 * 127.0.0.1. The test acts as the user in the page and as Twitch at the fake.
 */
export interface RealUi extends OpenPage {
  h: CoreHarness;
  served: ServedUi;
  /** URLs the core asked the host to open in the system browser. */
  opened: string[];
}

export interface RealCoreOptions {
  /** Sets up Twitch users and stored accounts before the page opens. */
  seed?: (h: CoreHarness) => Promise<void>;
  page?: PageOptions;
}

interface Running {
  h: CoreHarness;
  served: ServedUi | undefined;
  pages: OpenPage[];
}

/** A platform that opens nothing: it records what the core asked for. */
function recordingPlatform(opened: string[]): PlatformPort {
  return {
    openExternal: async (url) => void opened.push(url),
    openPath: async (path) => void opened.push(path),
  };
}

/**
 * One Chromium per file; per test a fresh fake Twitch, core, bridge and page. After each
 * test every page must have logged no error.
 */
export function useRealCore(): (options?: RealCoreOptions) => Promise<RealUi> {
  let browser: Browser;
  const running: Running[] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    const errors: string[] = [];
    for (const { h, served, pages } of running.splice(0)) {
      for (const page of pages) {
        await page.context.close();
        errors.push(...page.errors);
      }
      await served?.stop();
      await h.close();
    }
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  return async (options = {}) => {
    const h = await startCoreHarness({ avatars: true });
    const entry: Running = { h, served: undefined, pages: [] };
    running.push(entry);
    await options.seed?.(h);
    const opened: string[] = [];
    const served = await serveUi(h.core, recordingPlatform(opened), { avatarDir: join(h.dataDir, 'avatars') });
    entry.served = served;
    const page = await openUi(browser, served.bridge, options.page);
    entry.pages.push(page);
    return { ...page, h, served, opened };
  };
}


/** The channel's row in the account page. */
export function channelRow(page: Page, login: string): Locator {
  return page.locator(`li.channel[data-login="${login}"]`);
}

/** The real core needs a few round trips to Twitch (token check, socket, subscriptions). */
export const TWITCH_ROUND_TRIPS_MS = 5000;

/** The CSS color of an element's background, as `#RRGGBB`. */
export function backgroundHex(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(element).backgroundColor);
    if (!rgb) return '';
    return `#${[rgb[1], rgb[2], rgb[3]].map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  });
}

/** The current-color ring around the avatar (its `--ring`), as `#RRGGBB`. */
export function ringHex(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    const probe = document.createElement('span');
    probe.style.color = getComputedStyle(element).getPropertyValue('--ring');
    document.body.append(probe);
    const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(probe).color);
    probe.remove();
    if (!rgb) return '';
    return `#${[rgb[1], rgb[2], rgb[3]].map((part) => Number(part).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  });
}
