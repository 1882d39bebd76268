import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(c|m)?ts$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

describe('the dependency rule (DESIGN.md)', () => {
  it('no file under src-core imports electron, electron-store or electron-log', () => {
    const offenders = sourceFiles(join(root, 'src-core')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^electron(-store|-log)?(\/|$)/.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('no file under src-core imports from electron/ or renderer/', () => {
    const offenders = sourceFiles(join(root, 'src-core')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && /(^|\/)(electron|renderer)\//.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer imports only types from src-core', () => {
    const offenders = sourceFiles(join(root, 'renderer')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s*['"]([^'"]*src-core[^'"]*)['"]/gm)].map(
        (m) => `${relative(root, file)} imports ${m[1]} at run time`,
      );
    });
    expect(offenders).toEqual([]);
  });

  it('choosing and applying colors knows nothing of Twitch: no file under src-core/color imports src-core/twitch', () => {
    const offenders = sourceFiles(join(root, 'src-core', 'color')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && /(^|\/)twitch\//.test(spec))
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the core keeps its own types: no file under src-core/accounts or src-core/color imports the IPC layer', () => {
    const offenders = ['accounts', 'color'].flatMap((dir) =>
      sourceFiles(join(root, 'src-core', dir)).flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.startsWith('.') && /(^|\/)ipc\//.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('the detector itself catches each forbidden form', () => {
    const sample = [
      "import { app } from 'electron';",
      "import Store from 'electron-store';",
      "const log = require('electron-log');",
      "const m = await import('electron');",
    ].join('\n');
    const found = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(found).toEqual(['electron', 'electron-store', 'electron-log', 'electron']);
  });
});
