import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxPackager, type Packager, type Target } from 'electron-builder';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILDER_CONFIG, PROJECT_ROOT, loadBuilderProject } from './support/builder-project.js';
import { configuredTargets, missingMetadata } from './support/target-requirements.js';

/**
 * Defect 2 of issue 15: `npm run dist` stopped at the deb target (no homepage, no
 * maintainer e-mail), after downloading Electron and packing the app. Every configured
 * target must find in package.json and build/electron-builder.yml what its builder needs
 * (support/target-requirements.ts, read from electron-builder 26.17's code); for the Linux
 * package targets, electron-builder's own check of each target agrees.
 */

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A copy of the project's package.json and builder configuration, with package.json edited. */
function projectWith(edit: (pkg: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tcc-metadata-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  edit(pkg);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  mkdirSync(join(dir, 'build'));
  copyFileSync(join(PROJECT_ROOT, BUILDER_CONFIG), join(dir, BUILDER_CONFIG));
  return dir;
}

/** The configured Linux targets as electron-builder creates them (LinuxPackager.createTargets), each asked to check its options. */
async function linuxTargetChecks(project: Packager): Promise<Map<string, unknown>> {
  const linux = new LinuxPackager(project);
  const targets: Target[] = [];
  linux.createTargets(configuredTargets(project.config, 'linux'), (_name, factory) => targets.push(factory(join(tmpdir(), 'unused-out'))));
  const results = new Map<string, unknown>();
  for (const target of targets) results.set(target.name, await target.checkOptions());
  return results;
}

describe('package metadata for every configured target', () => {
  it('package.json and the builder configuration give each target what its builder requires', async () => {
    const project = await loadBuilderProject();
    expect(configuredTargets(project.config, 'linux')).toEqual(['appimage', 'deb']);
    expect(configuredTargets(project.config, 'win')).toEqual(['nsis']);
    expect(configuredTargets(project.config, 'mac')).toEqual(['dmg', 'zip']);
    expect(missingMetadata(project.metadata, project.config)).toEqual([]);
  });

  it("electron-builder's own check of the deb accepts it: maintainer with e-mail and the project URL", async () => {
    const project = await loadBuilderProject();
    const checks = await linuxTargetChecks(project);
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { author: { name: string; email: string }; homepage: string };
    expect(checks.get('deb')).toMatchObject({ maintainer: `${pkg.author.name} <${pkg.author.email}>`, url: pkg.homepage, name: 'twitch-colorchanger-desktop' });
    expect([...checks.keys()]).toEqual(['appImage', 'deb']);
  });

  it('without a homepage and an author e-mail, the check names the deb’s missing fields, as electron-builder would fail on them', async () => {
    const dir = projectWith((pkg) => {
      delete pkg.author;
      delete pkg.homepage;
      delete pkg.repository;
      delete pkg.bugs;
    });
    const project = await loadBuilderProject(dir);
    const missing = missingMetadata(project.metadata, project.config);
    expect(missing.filter((m) => m.target === 'deb').map((m) => m.field)).toEqual(['author.name', 'homepage (or a GitHub repository)', 'author.email (or linux/target maintainer)']);
    expect(missing.filter((m) => m.target !== 'deb').map((m) => `${m.target}: ${m.field}`)).toEqual(['appimage: author.name', 'nsis: author.name', 'dmg: author.name', 'zip: author.name']);
    await expect(linuxTargetChecks(project)).rejects.toThrow(/Please specify project homepage[\s\S]*Please specify author 'email'/);
  });

  // electron-builder's package.json reader (normalize-package-data) derives a homepage from a GitHub repository.
  it('a GitHub repository stands in for the homepage, and linux.maintainer for the author’s e-mail, as in electron-builder', async () => {
    const dir = projectWith((pkg) => {
      delete pkg.homepage;
      pkg.author = 'Twitch ColorChanger contributors';
    });
    writeFileSync(join(dir, BUILDER_CONFIG), `${readFileSync(join(dir, BUILDER_CONFIG), 'utf8')}\n# test\n`.replace('\nlinux:\n', '\nlinux:\n  maintainer: Someone <someone@example.org>\n'));
    const project = await loadBuilderProject(dir);
    expect(missingMetadata(project.metadata, project.config)).toEqual([]);
    expect((await linuxTargetChecks(project)).get('deb')).toMatchObject({
      maintainer: 'Someone <someone@example.org>',
      url: expect.stringMatching(/^https:\/\/github\.com\/twitch-colorchanger\/twitch-colorchanger-desktop\b/),
    });
  });

  it('names a target nobody has checked yet instead of passing it', async () => {
    const dir = projectWith(() => {});
    writeFileSync(join(dir, BUILDER_CONFIG), readFileSync(join(dir, BUILDER_CONFIG), 'utf8').replace('target: [AppImage, deb]', 'target: [AppImage, deb, snap]'));
    const project = await loadBuilderProject(dir);
    expect(missingMetadata(project.metadata, project.config)).toEqual([expect.objectContaining({ platform: 'linux', target: 'snap', field: '(unknown target)' })]);
  });

  it('the homepage, repository and bug tracker name one project', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { homepage: string; repository: { url: string }; bugs: { url: string }; author: { email: string } };
    expect(pkg.repository.url).toBe(`git+${pkg.homepage}.git`);
    expect(pkg.bugs.url).toBe(`${pkg.homepage}/issues`);
    expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });
});
