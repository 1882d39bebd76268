import { waitFor } from '../support/wait-for.js';
import { E2e } from './e2e-harness.js';

/**
 * Runs `work` against a fresh fake Twitch and data dirs, then checks that no token ever
 * appeared in any byte the CLI printed (R34), and cleans up (processes, fake, folders).
 */
export async function withE2e(work: (e: E2e) => Promise<void>): Promise<void> {
  const e = await E2e.start();
  try {
    await work(e);
    e.assertNoSecretInOutput();
  } finally {
    await e.close();
  }
}

/** Lines a user sees as "one clear line": non-empty, trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Polls for I/O the spawned processes cause (a color change at the fake, a subscription).
 * Generous: the machines running these tests are shared and a start costs CPU.
 */
export function until<T>(predicate: () => T | Promise<T>, message: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  return waitFor(predicate, { timeoutMs, intervalMs: 10, message });
}
