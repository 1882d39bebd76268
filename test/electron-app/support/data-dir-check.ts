import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { controlSocketPath } from '../../../src-core/app/instance-lock.js';
import { type PersistedState, persistedStateSchema } from '../../../src-core/store/schema.js';
import { STORE_FILE_NAME } from '../../../src-core/store/store-file.js';

/**
 * What a data folder says about how the app ended: the store parsed with the app's own
 * schema (or why it could not be), temp files of atomic writes left behind
 * (`config.json.tmp-*`, see store-file.ts), and a control socket left in the folder (the
 * data-dir lock, instance-lock.ts; on Windows a named pipe, which leaves nothing on disk).
 */
export interface DataDirReport {
  store: { ok: true; state: PersistedState } | { ok: false; problem: string };
  strayTempFiles: string[];
  controlSocketLeft: boolean;
}

export function inspectDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): DataDirReport {
  const file = `${STORE_FILE_NAME}.json`;
  let store: DataDirReport['store'];
  try {
    const parsed = persistedStateSchema.safeParse(JSON.parse(readFileSync(join(dataDir, file), 'utf8')));
    store = parsed.success ? { ok: true, state: parsed.data } : { ok: false, problem: parsed.error.message };
  } catch (error) {
    store = { ok: false, problem: String(error) };
  }
  const strayTempFiles = readdirSync(dataDir).filter((name) => name.startsWith(`${file}.tmp-`));
  const socket = controlSocketPath(dataDir, platform);
  return { store, strayTempFiles, controlSocketLeft: platform !== 'win32' && existsSync(socket) };
}
