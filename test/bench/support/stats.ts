/** Nearest-rank percentile of an unsorted list (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Polls on real time until `predicate` holds; throws with `message` after `timeoutMs`. */
export async function until(predicate: () => boolean, message: string, timeoutMs = 10_000, intervalMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${message}`);
    await sleep(intervalMs);
  }
}
