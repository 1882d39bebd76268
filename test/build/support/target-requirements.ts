import type { Configuration, Metadata } from 'electron-builder';

/**
 * What each electron-builder target needs from package.json and the builder configuration
 * before it can produce a package, read from electron-builder 26.17's code
 * (node_modules/app-builder-lib/out/...). A requirement is either an error there (the build
 * stops, often only after Electron was downloaded and the app packed) or a warning for
 * metadata that ends up in the package and that users see (a deb's description, an
 * installer's publisher).
 */
export interface Requirement {
  field: string;
  /** Where electron-builder asks for it. */
  source: string;
  met(input: { metadata: Metadata; config: Configuration; platformKey: PlatformKey; target: string }): boolean;
}

export type PlatformKey = 'linux' | 'win' | 'mac';

const present = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** util/packageMetadata.js `checkMetadata`, run by every build before any target. */
const EVERY_TARGET: readonly Requirement[] = [
  { field: 'name', source: 'util/packageMetadata.js checkMetadata (error)', met: ({ metadata }) => present(metadata.name) },
  { field: 'version', source: 'util/packageMetadata.js checkMetadata (error)', met: ({ metadata }) => present(metadata.version) },
  {
    field: 'description',
    source: 'util/packageMetadata.js checkMetadata (warning); the deb/rpm description, the desktop entry Comment, the Windows FileDescription',
    met: ({ metadata }) => present(metadata.description),
  },
  {
    field: 'author.name',
    source: 'util/packageMetadata.js checkMetadata (warning); appInfo.js companyName: the Windows CompanyName and the installer Publisher',
    met: ({ metadata }) => present(metadata.author?.name),
  },
];

/**
 * targets/FpmTarget.js `computeFpmMetaInfoOptions` (deb, rpm, pacman, apk, freebsd, p5p, sh):
 * a project URL (appInfo.js `computePackageUrl`: `homepage`, else a GitHub `repository`)
 * and a maintainer (`maintainer` of the target's or the linux options, else "author <email>").
 */
const FPM: readonly Requirement[] = [
  {
    field: 'homepage (or a GitHub repository)',
    source: 'targets/FpmTarget.js computeFpmMetaInfoOptions, appInfo.js computePackageUrl (error)',
    met: ({ metadata }) => present(metadata.homepage) || /github\.com/.test(repositoryUrl(metadata.repository)),
  },
  {
    field: 'author.email (or linux/target maintainer)',
    source: 'targets/FpmTarget.js computeFpmMetaInfoOptions (error: errorMessages.js authorEmailIsMissed)',
    met: ({ metadata, config, target }) => present(metadata.author?.email) || present(optionOf(config, 'linux', 'maintainer')) || present(optionOf(config, target, 'maintainer')),
  },
];

/** targets/AppxTarget.js: the publisher's display name comes from `author` unless `appx.publisherDisplayName` is set (error). */
const APPX: readonly Requirement[] = [
  {
    field: 'author.name (or appx.publisherDisplayName)',
    source: 'targets/AppxTarget.js (error)',
    met: ({ metadata, config }) => present(metadata.author?.name) || present(optionOf(config, 'appx', 'publisherDisplayName')),
  },
];

/**
 * Targets beyond the common metadata. AppImage (targets/appimage/AppImageTarget.js), NSIS
 * (targets/nsis/NsisTarget.js), dmg (dmg-builder) and the archives require nothing more:
 * their metadata is optional there. A target missing from this table fails the test until
 * someone reads its builder and adds it.
 */
export const TARGET_REQUIREMENTS: Readonly<Record<string, readonly Requirement[]>> = {
  appimage: [],
  deb: FPM,
  rpm: FPM,
  pacman: FPM,
  apk: FPM,
  freebsd: FPM,
  p5p: FPM,
  sh: FPM,
  appx: APPX,
  nsis: [],
  'nsis-web': [],
  portable: [],
  dmg: [],
  zip: [],
  'tar.gz': [],
  '7z': [],
  dir: [],
};

export interface Missing {
  platform: PlatformKey;
  target: string;
  field: string;
  source: string;
}

/** Every target configured for a platform, lower-cased the way targetFactory.js normalizes them. */
export function configuredTargets(config: Configuration, platformKey: PlatformKey): string[] {
  const raw = (config[platformKey] as { target?: unknown } | null | undefined)?.target;
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  return list.map((entry: unknown) => {
    const name = typeof entry === 'string' ? entry : (entry as { target?: unknown }).target;
    if (typeof name !== 'string') throw new Error(`${platformKey}.target has an entry without a name: ${JSON.stringify(entry)}`);
    // `deb:arm64` names an architecture after the colon.
    return name.replace(/:.*$/, '').trim().toLowerCase();
  });
}

/** Each configured target's requirements that package.json and the configuration do not meet. */
export function missingMetadata(metadata: Metadata, config: Configuration): Missing[] {
  const missing: Missing[] = [];
  for (const platform of ['linux', 'win', 'mac'] as const) {
    for (const target of configuredTargets(config, platform)) {
      const own = TARGET_REQUIREMENTS[target];
      if (!own) {
        missing.push({ platform, target, field: '(unknown target)', source: 'add its requirements from electron-builder to TARGET_REQUIREMENTS' });
        continue;
      }
      for (const requirement of [...EVERY_TARGET, ...own]) {
        if (!requirement.met({ metadata, config, platformKey: platform, target })) missing.push({ platform, target, field: requirement.field, source: requirement.source });
      }
    }
  }
  return missing;
}

function optionOf(config: Configuration, key: string, option: string): unknown {
  const section = (config as Record<string, unknown>)[key];
  return section !== null && typeof section === 'object' ? (section as Record<string, unknown>)[option] : undefined;
}

function repositoryUrl(repository: Metadata['repository']): string {
  if (typeof repository === 'string') return repository;
  return repository?.url ?? '';
}
