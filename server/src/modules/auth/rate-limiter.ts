/**
 * A fixed-window counter per key (client address, account name, caller), for login and token endpoints.
 * Kept in this process: behind a load balancer each replica limits on its own, which bounds guessing at
 * (replicas × limit) per window — still hopeless against 256-bit tokens and 12-character passwords.
 */
import { CoordinatorError } from '@agent-coordinator/shared';

export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts one attempt for `key`; RATE_LIMITED once the window's limit is passed. */
  take(operation: string, key: string, now = Date.now()): void {
    if (this.#windows.size > 10_000) this.#forgetOld(now);
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      this.#windows.set(key, { start: now, count: 1 });
      return;
    }
    window.count++;
    if (window.count > this.#limit) {
      const wait = Math.ceil((window.start + this.#windowMs - now) / 1000);
      throw new CoordinatorError('RATE_LIMITED', `${operation}: too many attempts — wait ${wait} s and try again`);
    }
  }

  #forgetOld(now: number): void {
    for (const [key, window] of this.#windows) if (now - window.start >= this.#windowMs) this.#windows.delete(key);
  }
}
