import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ColorChangerError } from '../runtime/errors.js';
import { STORE_VERSION, persistedStateSchema, type PersistedState } from './schema.js';

/**
 * Brings any config.json we ever wrote up to the current version, with our own zod
 * schemas per version (electron-store's `migrations` option would tie the format to the
 * app's semver and add keys of its own). Each step takes version n to n + 1; a step
 * parses its input before touching it, so a bad file fails with a clear message.
 */
export type StoreVersion = number | 'unversioned';

export interface MigrationContext {
  now: number;
  newId: () => string;
}

export interface MigrationResult {
  state: PersistedState;
  from: StoreVersion;
  /** True when the file was older than the current version and should be rewritten. */
  migrated: boolean;
}

/** The file parses but is not a store we know how to read. It is moved aside, not overwritten. */
export class InvalidStoreError extends ColorChangerError {
  readonly code = 'store_invalid';
  constructor(readonly detail: string) {
    super(`The settings file is not in a format this app can read (${detail})`);
  }
}

/**
 * Written by a newer version of the app; left untouched so that version can still read it
 * (this version would drop every field it does not know the moment it saved). When the newer
 * version upgraded a file of ours, it kept our copy (`olderCopy`): moving that back is the
 * way back to this version without losing the logins.
 */
export class UnsupportedStoreVersionError extends ColorChangerError {
  readonly code = 'store_version_unsupported';
  constructor(
    readonly version: number,
    readonly olderCopy?: string,
  ) {
    super(
      `The settings file was written by a newer Twitch ColorChanger (format version ${version}; this one reads up to ${STORE_VERSION}); it was left as it is. Update the app` +
        (olderCopy ? `, or, to go back to this version, replace config.json with ${olderCopy} (your settings from before the upgrade)` : ', or move the file away to start over'),
    );
  }
}

/**
 * Files from before the store had a version: the version 1 shape without `version`,
 * where accounts may lack the internal `id` and `addedAt` added later.
 */
const unversionedSchema = z.looseObject({
  settings: z.looseObject({}).optional(),
  accounts: z.array(z.looseObject({ id: z.string().min(1).optional(), addedAt: z.number().optional() })).optional(),
});

/** Version 1: everything but `followLive`, which version 2 added to accounts. */
const version1Schema = z.looseObject({
  version: z.literal(1),
  accounts: z.array(z.looseObject({})).optional(),
});

type Step = (input: unknown, context: MigrationContext) => unknown;

const steps: Record<number, Step> = {
  0: (input, { now, newId }) => {
    const old = parseStep(unversionedSchema, input, 0);
    return {
      ...old,
      version: 1,
      accounts: (old.accounts ?? []).map((account) => ({ ...account, id: account.id ?? newId(), addedAt: account.addedAt ?? now })),
    };
  },
  // Accounts that exist before the feature keep listening only where they were told to:
  // "Live channels I follow" starts off for them (new logins get it on, stored-login.ts).
  1: (input) => {
    const old = parseStep(version1Schema, input, 1);
    return { ...old, version: 2, accounts: (old.accounts ?? []).map((account) => ({ ...account, followLive: { enabled: false } })) };
  },
};

export function migrateStore(raw: unknown, context: Partial<MigrationContext> = {}): MigrationResult {
  const ctx: MigrationContext = { now: context.now ?? Date.now(), newId: context.newId ?? randomUUID };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidStoreError('the top level is not a JSON object');
  }
  const from = detectVersion(raw as Record<string, unknown>);
  let data: unknown = raw;
  for (let version = from === 'unversioned' ? 0 : from; version < STORE_VERSION; version += 1) {
    const step = steps[version];
    if (!step) throw new InvalidStoreError(`no migration from format version ${version}`);
    data = step(data, ctx);
  }
  return { state: parseStep(persistedStateSchema, data, STORE_VERSION), from, migrated: from !== STORE_VERSION };
}

function detectVersion(raw: Record<string, unknown>): StoreVersion {
  const version = raw['version'];
  if (version === undefined) {
    if (Array.isArray(raw['users']) && raw['accounts'] === undefined) {
      throw new InvalidStoreError("it looks like the old Python bot's twitch_colorchanger.conf; use Import instead");
    }
    return 'unversioned';
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new InvalidStoreError(`"version" is ${JSON.stringify(version)}, not a format version number`);
  }
  if (version > STORE_VERSION) throw new UnsupportedStoreVersionError(version);
  return version === 0 ? 'unversioned' : version;
}

function parseStep<S extends z.ZodType>(schema: S, input: unknown, version: number): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new InvalidStoreError(`format version ${version}: ${z.prettifyError(result.error).replace(/\s*\n\s*/g, ' ')}`);
  }
  return result.data;
}
