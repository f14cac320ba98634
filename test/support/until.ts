/**
 * Polls `probe` (sync or async) every 10 ms until it gives a truthy value, which it returns; fails naming
 * `what` after `timeoutMs`. Shared by the mocha suites and the bundled VS Code suites.
 */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
