/**
 * A task's key (`T-12`) from its key number. Every module that names tasks reads keys, so this sits below
 * them all rather than in the task module (issue #19: modules in one direction).
 */

/** The key number may come back from a driver as a number or a string (a bigint on node-pg). */
export function taskKey(keyNumber: unknown): string {
  const n = typeof keyNumber === 'number' ? keyNumber : Number(keyNumber);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer task key number, got ${String(keyNumber)}`);
  return `T-${n}`;
}
