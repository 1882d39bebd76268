import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import type { Distribution } from '../../src-core/app/distribution.js';

/**
 * The build scripts (plain .mjs in build/, run by npm) as typed modules for the tests. They
 * import the compiled out/src-core/, so `npm run build` (or tsc -b) must have run.
 */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DistributionScript {
  readDistribution(env: NodeJS.ProcessEnv, file?: string): Promise<Distribution>;
  bakedModuleSource(distribution: Distribution): string;
  publishConfig(distribution: Distribution): Record<string, string> | null;
}

export interface DistScript {
  CONFIG_FILE: string;
  builderConfig(distribution: Distribution): Configuration;
  cliOptions(args: string[]): Record<string, unknown>;
}

export interface BundleScript {
  bundleCli(options: { outDir: string; distribution?: Distribution }): Promise<string>;
}

export interface DesktopBundleScript {
  bundleDesktop(options: { outDir: string; distribution?: Distribution }): Promise<string>;
}

async function load<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(join(ROOT, 'build', file)).href)) as T;
}

export const distributionScript = (): Promise<DistributionScript> => load('distribution.mjs');
export const distScript = (): Promise<DistScript> => load('dist.mjs');
export const bundleScript = (): Promise<BundleScript> => load('bundle-cli.mjs');
export const desktopBundleScript = (): Promise<DesktopBundleScript> => load('bundle-desktop.mjs');
