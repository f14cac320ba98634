/**
 * The policies from the policy file, as last loaded successfully, and the status of that file. The
 * effective set in a project is these ∪ that project's API-declared ones (read from the database in
 * each transaction); a file policy wins over an API one of the same name.
 *
 * Scope, decided deliberately: the policy file is the server operator's and applies to EVERY project
 * (it is one file beside the server, watched and reloaded for all; a rule such as "migrations need an
 * approval" is the operator's to impose); an API-declared policy belongs to the project it was declared
 * in and applies only there, so one project's humans cannot constrain another's agents.
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
}

/** File policies first, then the project's API ones whose names the file does not use; enabled ones only. */
export function effectivePolicies(file: readonly Policy[], api: readonly Policy[]): Policy[] {
  const fileNames = new Set(file.map((p) => p.name));
  return [...file, ...api.filter((p) => !fileNames.has(p.name))].filter((p) => p.enabled);
}
