import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAGS } from '../../../src-core/cli/heap-tuning.js';

const MB = 1024 * 1024;

/** New-space size (bytes) of a fresh Node process after allocation churn, with `flags` set at run time. */
function newSpaceAfterChurn(flags: string | undefined): number {
  const script = `
    const v8 = require('node:v8');
    ${flags === undefined ? '' : `v8.setFlagsFromString(${JSON.stringify(flags)});`}
    const keep = [];
    for (let i = 0; i < 2e6; i += 1) { const o = { i, s: 'x' + i, a: [i] }; if (i % 100 === 0) keep.push(o); }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space ? space.space_size : -1));
  `;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('heap tuning of the headless process', () => {
  it('keeps V8 young generation at its initial size under allocation churn, where Node would grow it', () => {
    const untuned = newSpaceAfterChurn(undefined);
    const tuned = newSpaceAfterChurn(YOUNG_GENERATION_FLAGS);
    // Node 20 grows the new space to 32 MB; tuned it stays at two 1 MB semi-spaces.
    expect(untuned).toBeGreaterThanOrEqual(8 * MB);
    expect(tuned).toBeGreaterThan(0);
    expect(tuned).toBeLessThanOrEqual(4 * MB);
  });

  it('is applied by the CLI entry before any other module loads', () => {
    const main = readFileSync(new URL('../../../src-core/cli/main.ts', import.meta.url), 'utf8');
    const firstImport = /^import .*$/m.exec(main)?.[0];
    expect(firstImport).toBe("import './heap-tuning.js';");
  });
});
