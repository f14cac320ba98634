/** A minimal event emitter for common code (no `vscode.EventEmitter` here); listeners return disposables. */
import type { Disposable } from './disposable.ts';

export type Listen<T> = (listener: (event: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  readonly #listeners = new Set<(event: T) => void>();

  readonly event: Listen<T> = (listener) => {
    this.#listeners.add(listener);
    return { dispose: () => void this.#listeners.delete(listener) };
  };

  /** Calls every listener; one that throws does not stop the others. */
  fire(event: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('agent-coordinator: listener failed', error);
      }
    }
  }

  dispose(): void {
    this.#listeners.clear();
  }
}
