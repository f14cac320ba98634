/**
 * The policies from the policy file, as last loaded successfully, and the status of that file. The
 * effective set is these ∪ the API-declared ones (read from the database in each transaction); a file
 * policy wins over an API one of the same name.
 */
import type { Policy, PolicyFileError, PolicyFileStatus } from '@agent-coordinator/shared';

export class PolicyRegistry {
  readonly #path: string | null;
  #filePolicies: readonly Policy[] = [];
  #loadedAt: string | null = null;
  #errors: readonly PolicyFileError[] = [];

  constructor(path: string | null) {
    this.#path = path;
  }

  get filePolicies(): readonly Policy[] {
    return this.#filePolicies;
  }

  get status(): PolicyFileStatus {
    return { path: this.#path, loaded_at: this.#loadedAt, policy_count: this.#filePolicies.length, errors: [...this.#errors] };
  }

  /** A good file: its policies replace the previous ones. */
  loaded(policies: readonly Policy[]): void {
    this.#filePolicies = policies;
    this.#loadedAt = new Date().toISOString();
    this.#errors = [];
  }

  /** A broken file: the previous policies stay in force. */
  rejected(errors: readonly PolicyFileError[]): void {
    this.#errors = errors;
  }

  /** The set in force given the API-declared policies: file first, API ones whose names the file does not use. */
  effective(api: readonly Policy[]): Policy[] {
    const fileNames = new Set(this.#filePolicies.map((p) => p.name));
    return [...this.#filePolicies, ...api.filter((p) => !fileNames.has(p.name))].filter((p) => p.enabled);
  }
}
