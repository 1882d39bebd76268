import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../accounts/core-errors.js';
import type { Clock } from '../runtime/clock.js';
import type { Logger } from '../runtime/logger.js';
import { applyLegacyImport, LegacyImportError, prepareLegacyImport, type PreparedLegacyImport } from '../store/legacy-import.js';
import type { SecretBox } from '../store/secret-box.js';
import type { StateStore } from '../store/state-store.js';

export interface LegacyImportReport {
  imported: string[];
  updated: string[];
  skipped: Array<{ login: string; reason: string }>;
}

/**
 * Imports the old Python bot's `twitch_colorchanger.conf` (its text) into the store, on disk
 * before it returns. A file that is not the bot's is an InvalidInputError with the reason;
 * entries that could not be taken are reported, not fatal.
 */
export async function importLegacyContents(
  deps: { store: StateStore; box: SecretBox; clock: Clock; logger: Logger },
  contents: string,
): Promise<LegacyImportReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(contents);
  } catch {
    throw new InvalidInputError('That file is not valid JSON, so it is not a twitch_colorchanger.conf file');
  }
  let prepared: PreparedLegacyImport;
  try {
    prepared = await prepareLegacyImport(raw, deps.box);
  } catch (error) {
    if (error instanceof LegacyImportError) throw new InvalidInputError(error.message);
    throw error;
  }
  let report: ReturnType<typeof applyLegacyImport> | undefined;
  await deps.store.persistNow((draft) => {
    report = applyLegacyImport(draft, prepared, { now: deps.clock.now(), newId: randomUUID });
  });
  const done = report ?? { imported: [], updated: [], skipped: [], warnings: [] };
  deps.logger.info('legacy.imported', `Imported ${done.imported.length} account(s), updated ${done.updated.length}`);
  return {
    imported: done.imported.map((a) => a.login),
    updated: done.updated.map((a) => a.login),
    skipped: [
      ...done.skipped.map((s) => ({ login: s.login ?? `entry ${s.entry + 1}`, reason: s.reason })),
      ...done.warnings.map((w) => ({ login: w.login, reason: w.message })),
    ],
  };
}
