// `npm run dist`: installable packages with electron-builder, build/electron-builder.yml plus
// the update feed of this build (build/distribution.json or COLORCHANGER_UPDATE_FEED) as
// electron-builder's `publish`. With a feed, electron-builder writes what electron-updater
// reads: app-update.yml inside each package (and `package-type` in the .deb), and beside the
// packages latest-linux.yml (AppImage, deb), latest.yml (NSIS, with the installer's
// .blockmap) and latest-mac.yml (the zip Squirrel.Mac installs from, next to the dmg).
//
// Nothing is uploaded unless asked: `--publish never` is the default (electron-builder would
// otherwise publish on its own in CI or for a git tag). Arguments: --linux / --win / --mac
// (default: this OS), --x64 / --arm64, --publish always|onTag|never (GitHub: needs GH_TOKEN).
import { argv, exit, stderr, stdout } from 'node:process';
import { pathToFileURL } from 'node:url';
import { build } from 'electron-builder';
import { describeDistribution, publishConfig, readDistribution } from './distribution.mjs';

export const CONFIG_FILE = 'build/electron-builder.yml';

/** electron-builder's configuration for a distribution: the YAML file, and the feed as `publish`. */
export function builderConfig(distribution) {
  return { extends: CONFIG_FILE, publish: publishConfig(distribution) };
}

/** The few electron-builder CLI options this script passes on. */
export function cliOptions(args) {
  const options = { publish: 'never' };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--linux' || arg === '--win' || arg === '--mac') options[arg.slice(2)] = [];
    else if (arg === '--x64' || arg === '--arm64' || arg === '--ia32') options[arg.slice(2)] = true;
    else if (arg === '--publish' || arg === '-p') options.publish = args[++i];
    else throw new Error(`unknown option ${arg} (use --linux, --win, --mac, --x64, --arm64, --publish POLICY)`);
  }
  return options;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  try {
    const distribution = await readDistribution();
    stdout.write(`Packaging: ${describeDistribution(distribution)}\n`);
    await build({ ...cliOptions(argv.slice(2)), config: builderConfig(distribution) });
  } catch (error) {
    stderr.write(`build/dist.mjs: ${error.message}\n`);
    exit(1);
  }
}
