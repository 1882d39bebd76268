import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVELOPER_BUILD, DistributionConfigError, builtDistribution, resolveDistribution, type Distribution } from '../../src-core/app/distribution.js';
import { ROOT, distScript, distributionScript } from './build-scripts.js';

/** The distributor's one place (build/distribution.json + two variables) and where it ends up. */
const ID = 'gp762nuuoqcoxypju8c569th9wz7q5';
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('distribution settings', () => {
  it('a developer build has neither a client ID nor a feed; the file as shipped is one', async () => {
    expect(resolveDistribution({}, {})).toEqual(DEVELOPER_BUILD);
    const script = await distributionScript();
    expect(await script.readDistribution({})).toEqual(DEVELOPER_BUILD);
  });

  it('reads the file, and the environment variables win over it', () => {
    const file = { twitchClientId: ID, updates: { provider: 'github', owner: 'someone', repo: 'colorchanger' } };
    expect(resolveDistribution(file, {})).toEqual({ twitchClientId: ID, updates: { provider: 'github', owner: 'someone', repo: 'colorchanger' } });
    expect(resolveDistribution(file, { COLORCHANGER_CLIENT_ID: 'none', COLORCHANGER_UPDATE_FEED: 'none' })).toEqual(DEVELOPER_BUILD);
    // A CI variable that exists but is empty changes nothing.
    expect(resolveDistribution(file, { COLORCHANGER_CLIENT_ID: '', COLORCHANGER_UPDATE_FEED: ' ' })).toEqual(resolveDistribution(file, {}));
    expect(resolveDistribution({}, { COLORCHANGER_CLIENT_ID: ` ${ID} `, COLORCHANGER_UPDATE_FEED: 'https://downloads.example.com/tcc' })).toEqual({
      twitchClientId: ID,
      updates: { provider: 'generic', url: 'https://downloads.example.com/tcc/' },
    });
    expect(resolveDistribution({}, { COLORCHANGER_UPDATE_FEED: 'github:other-org/tcc' }).updates).toEqual({ provider: 'github', owner: 'other-org', repo: 'tcc' });
  });

  it.each<[string, unknown, NodeJS.ProcessEnv, RegExp]>([
    ['a client ID that is not one', { twitchClientId: 'my app' }, {}, /build\/distribution\.json: twitchClientId A Twitch client ID is 30 letters and digits/],
    ['an update feed over plain http', {}, { COLORCHANGER_UPDATE_FEED: 'http://downloads.example.com/' }, /COLORCHANGER_UPDATE_FEED: url may use http: only for a loopback host .*; use https:/],
    ['a feed URL with credentials', {}, { COLORCHANGER_UPDATE_FEED: 'https://user:pw@example.com/' }, /must not contain credentials/],
    ['an unknown provider', { updates: { provider: 's3', bucket: 'x' } }, {}, /updates/],
    ['a typo in a key', { twitchClientID: ID }, {}, /Unrecognized key/],
    ['a bad client ID variable', {}, { COLORCHANGER_CLIENT_ID: 'short' }, /COLORCHANGER_CLIENT_ID: .*30 letters/],
  ])('stops the build on %s, saying where', (_name, file, env, message) => {
    expect(() => resolveDistribution(file, env)).toThrow(DistributionConfigError);
    expect(() => resolveDistribution(file, env)).toThrow(message);
  });

  it('the baked module carries the settings into the app, which validates them again', async () => {
    const script = await distributionScript();
    const distribution: Distribution = { twitchClientId: ID, updates: { provider: 'generic', url: 'https://downloads.example.com/tcc/' } };
    const dir = mkdtempSync(join(tmpdir(), 'cc-baked-'));
    temps.push(dir);
    writeFileSync(join(dir, 'baked.mjs'), script.bakedModuleSource(distribution));
    const baked = (await import(pathToFileURL(join(dir, 'baked.mjs')).href)) as { BAKED_DISTRIBUTION: unknown };
    expect(builtDistribution(baked.BAKED_DISTRIBUTION)).toEqual(distribution);
    // A hand-edited value that no longer parses is a developer build, not a crash.
    expect(builtDistribution({ twitchClientId: 42 })).toEqual(DEVELOPER_BUILD);
    expect(builtDistribution(null)).toEqual(DEVELOPER_BUILD);
  });
});

describe('electron-builder gets the same feed', () => {
  async function resolved(distribution: Distribution) {
    const { builderConfig } = await distScript();
    const config = await getConfig(ROOT, null, builderConfig(distribution));
    await validateConfiguration(config, new DebugLogger(false));
    return config;
  }

  it('a generic feed becomes `publish` on top of electron-builder.yml, which electron-builder accepts', async () => {
    const config = await resolved({ twitchClientId: ID, updates: { provider: 'generic', url: 'https://downloads.example.com/tcc/' } });
    expect(config.publish).toEqual({ provider: 'generic', url: 'https://downloads.example.com/tcc/' });
    expect(config.appId).toBe('io.github.twitch-colorchanger.desktop');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    // electron-updater installs macOS updates from the zip, so it is built beside the dmg.
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
  });

  it('a GitHub feed publishes to (and updates from) that repository’s releases', async () => {
    const config = await resolved({ twitchClientId: null, updates: { provider: 'github', owner: 'someone', repo: 'colorchanger' } });
    expect(config.publish).toEqual({ provider: 'github', owner: 'someone', repo: 'colorchanger' });
  });

  it('no feed: no publish configuration, so no app-update.yml and no latest*.yml', async () => {
    const config = await resolved(DEVELOPER_BUILD);
    expect(config.publish ?? null).toBeNull();
  });

  it('never uploads unless asked, whatever CI electron-builder thinks it runs in', async () => {
    const { cliOptions } = await distScript();
    expect(cliOptions([])).toEqual({ publish: 'never' });
    expect(cliOptions(['--linux', '--x64', '--publish', 'always'])).toEqual({ publish: 'always', linux: [], x64: true });
    expect(() => cliOptions(['--portable'])).toThrow(/unknown option --portable/);
  });
});
