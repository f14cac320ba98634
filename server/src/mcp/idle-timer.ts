/**
 * When an MCP session counts as abandoned: nothing of it in progress — no request being answered and no
 * open GET event stream — for `idleMs`. A client listening on its stream for notifications is in use
 * for as long as the stream stays open, however quiet; the idle time starts when its last request or
 * stream ends. Clients that go away without DELETE (most do) are closed this way, so their transport,
 * server and event subscription do not stay in memory for the life of the process.
 */
import type { ServerResponse } from 'node:http';

export class IdleTimer {
  readonly #timer: NodeJS.Timeout;
  #inProgress = 0;
  #stopped = false;

  constructor(idleMs: number, onIdle: () => void) {
    this.#timer = setTimeout(() => {
      // Fired while a request or stream is open: not idle; the clock restarts when the last one ends.
      if (this.#inProgress === 0) onIdle();
    }, idleMs);
    this.#timer.unref();
  }

  /** A request of the session: in use until its response closes (for a GET stream: until the client goes). */
  track(res: ServerResponse): void {
    this.#inProgress++;
    this.#timer.refresh();
    res.once('close', () => {
      this.#inProgress--;
      // refresh() re-arms even a cleared timer: a stream ending after its session closed must not.
      if (!this.#stopped) this.#timer.refresh();
    });
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
