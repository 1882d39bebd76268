/**
 * Waits for something a real socket does (the clock in these tests is manual, but sockets
 * and their I/O are real). Polls briefly; fails with `what` after `timeoutMs` of real time.
 */
export async function eventually<T>(check: () => T | undefined | false, what: string, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets in-flight socket traffic land (used only to show that something did NOT happen). */
export async function settle(ms = 50): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
