import { fileURLToPath } from 'node:url';
import { AppInfo, Packager } from 'electron-builder';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BUILDER_CONFIG = 'build/electron-builder.yml';

/**
 * The project as electron-builder itself sees it, without building anything: the first
 * steps of `Packager.build()` (app-builder-lib/out/packager.js, 26.17): `validateConfig()`
 * reads package.json and build/electron-builder.yml with electron-builder's own loader,
 * runs its metadata check (util/packageMetadata.js `checkMetadata`) and validates the
 * configuration against its JSON schema; then the AppInfo every platform packager reads.
 * Nothing here needs the network or an Electron download.
 */
export async function loadBuilderProject(projectDir: string = PROJECT_ROOT, config: string = BUILDER_CONFIG): Promise<Packager> {
  const packager = new Packager({ projectDir, config });
  await packager.validateConfig();
  packager._appInfo = new AppInfo(packager, null);
  return packager;
}
