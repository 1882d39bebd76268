import { z } from 'zod';
import { clientIdSchema } from '../twitch/client-id.js';
import { endpointUrl } from '../twitch/endpoints.js';
import { BAKED_DISTRIBUTION } from './distribution-baked.js';

/**
 * Per-build settings a distributor chooses once (build/distribution.json, or environment
 * variables when building): the Twitch application (a Public client) every new login
 * uses unless the user sets their own, and where the desktop app looks for updates.
 * Neither is a secret. A developer build has neither: the user registers their own
 * application, and the app never looks for updates.
 */
// The same rule as Twitch's addresses: plain http only for a server on this machine (tests).
// electron-updater resolves file names against it, so it names a folder.
const httpsFeedUrl = endpointUrl('https:', 'http:').transform((url) => (url.href.endsWith('/') ? url.href : `${url.href}/`));

export const updateFeedSchema = z.discriminatedUnion('provider', [
  z
    .object({
      provider: z.literal('github'),
      owner: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'is not a GitHub user or organisation name'),
      repo: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'is not a GitHub repository name'),
    })
    .strict(),
  z.object({ provider: z.literal('generic'), url: httpsFeedUrl }).strict(),
]);
export type UpdateFeed = z.output<typeof updateFeedSchema>;

export const distributionSchema = z
  .object({
    twitchClientId: clientIdSchema.nullable().default(null),
    updates: updateFeedSchema.nullable().default(null),
  })
  .strict();
export type Distribution = z.output<typeof distributionSchema>;

export const DEVELOPER_BUILD: Distribution = Object.freeze({ twitchClientId: null, updates: null });

/** Environment variables that override build/distribution.json when building. */
export const BUILD_ENV = { clientId: 'COLORCHANGER_CLIENT_ID', updateFeed: 'COLORCHANGER_UPDATE_FEED' } as const;

/** A distribution setting is malformed; the build stops with this message. */
export class DistributionConfigError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'DistributionConfigError';
  }
}

/**
 * The settings a build bakes in: the file's, with each environment variable that is set
 * and not blank taking its place (a CI variable left empty changes nothing); `none` removes
 * the file's value. `COLORCHANGER_UPDATE_FEED` is `github:OWNER/REPO` or an https:// URL of
 * a folder holding electron-builder's latest*.yml files.
 */
export function resolveDistribution(file: unknown, env: NodeJS.ProcessEnv, where = 'build/distribution.json'): Distribution {
  const fromFile = distributionSchema.safeParse(file ?? {});
  if (!fromFile.success) throw new DistributionConfigError(where, describe(fromFile.error));
  const result: Distribution = { ...fromFile.data };
  const clientId = env[BUILD_ENV.clientId]?.trim();
  if (clientId === 'none') result.twitchClientId = null;
  else if (clientId) {
    const parsed = clientIdSchema.safeParse(clientId);
    if (!parsed.success) throw new DistributionConfigError(BUILD_ENV.clientId, describe(parsed.error));
    result.twitchClientId = parsed.data;
  }
  const feed = env[BUILD_ENV.updateFeed]?.trim();
  if (feed !== undefined && feed !== '') result.updates = parseFeedSpec(feed);
  return result;
}

function parseFeedSpec(spec: string): UpdateFeed | null {
  if (spec === 'none') return null;
  const github = /^github:([^/]+)\/([^/]+)$/.exec(spec);
  const candidate = github ? { provider: 'github', owner: github[1], repo: github[2] } : { provider: 'generic', url: spec };
  const parsed = updateFeedSchema.safeParse(candidate);
  if (!parsed.success) throw new DistributionConfigError(BUILD_ENV.updateFeed, `${describe(parsed.error)} (use github:OWNER/REPO, an https:// URL or none)`);
  return parsed.data;
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'value'} ${issue.message}`).join('; ');
}

/**
 * This build's settings. A baked value that does not parse (a hand-edited bundle) counts
 * as a developer build rather than stopping the app.
 */
export function builtDistribution(baked: unknown = BAKED_DISTRIBUTION): Distribution {
  if (baked === null || baked === undefined) return DEVELOPER_BUILD;
  const parsed = distributionSchema.safeParse(baked);
  return parsed.success ? parsed.data : DEVELOPER_BUILD;
}
