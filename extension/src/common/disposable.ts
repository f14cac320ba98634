/**
 * Disposables without VS Code: the same `{ dispose(): void }` shape as `vscode.Disposable`, so common code
 * can hand them to `context.subscriptions` directly, and a store that disposes in reverse order.
 */
export interface Disposable {
  dispose(): void;
}

/** Owns disposables; disposing the store disposes them last-in first-out, even when one throws. */
export class DisposableStore implements Disposable {
  readonly #items: Disposable[] = [];
  #disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.#disposed) item.dispose();
    else this.#items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.#disposed;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const errors: unknown[] = [];
    for (const item of this.#items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'disposing failed');
  }
}
