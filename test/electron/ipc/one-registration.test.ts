import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.c?ts$/.test(name) ? [path] : [];
  });
}

const files = sources(join(root, 'electron')).map((file) => ({ file: relative(root, file).replaceAll('\\', '/'), text: readFileSync(file, 'utf8') }));

describe('IPC has one door (STYLE.md rule 3)', () => {
  it('only electron/ipc/register.ts registers IPC handlers in main', () => {
    const offenders = files
      .filter(({ file }) => file !== 'electron/ipc/register.ts' && file !== 'electron/preload.cts')
      .filter(({ text }) => /\bipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\s*\(/.test(text) || /\.ipc\s*\.\s*(handle|on)\s*\(/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('nothing loads the Electron flavour of electron-log, which registers IPC handlers of its own', () => {
    const offenders = files
      .filter(({ text }) => /from\s+['"]electron-log(\/main(\.js)?)?['"]|require\(\s*['"]electron-log(\/main(\.js)?)?['"]\s*\)/.test(text))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
