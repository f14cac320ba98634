/**
 * Group commit: requests that arrive while a batch is being processed wait and are processed together
 * in the next one. Under contention one transaction serves many callers (throughput), and an idle
 * system processes a lone request almost at once (latency). Each request gets its own result or error.
 *
 * Before taking each batch the batcher yields one turn of the event loop, so requests whose bytes have
 * already arrived are parsed and join it. This matters on the embedded database, whose statements run
 * synchronously on this thread: without the yield, no request would be read while a batch runs.
 */
export type BatchOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Pending<Q, R> {
  readonly request: Q;
  readonly resolve: (value: R) => void;
  readonly reject: (error: unknown) => void;
}

export class Batcher<Q, R> {
  readonly #process: (requests: readonly Q[]) => Promise<readonly BatchOutcome<R>[]>;
  readonly #maxBatch: number;
  #queue: Pending<Q, R>[] = [];
  #running = false;

  constructor(process: (requests: readonly Q[]) => Promise<readonly BatchOutcome<R>[]>, maxBatch = 64) {
    this.#process = process;
    this.#maxBatch = maxBatch;
  }

  submit(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.#queue.slice(0, this.#maxBatch);
        this.#queue = this.#queue.slice(batch.length);
        try {
          const outcomes = await this.#process(batch.map((p) => p.request));
          batch.forEach((pending, i) => {
            const outcome = outcomes[i];
            if (!outcome) pending.reject(new Error('batch produced no outcome for a request'));
            else if (outcome.ok) pending.resolve(outcome.value);
            else pending.reject(outcome.error);
          });
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
