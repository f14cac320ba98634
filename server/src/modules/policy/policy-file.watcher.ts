/**
 * Hot reload of the policy file. The folder is watched (editors and `git checkout` often replace a file
 * by renaming, which a watch on the file itself would lose), changes are debounced, and each new content
 * is parsed: a good file replaces the set in force, a broken one is reported with its line and field and
 * the previous set stays. A deleted file means no file policies. At start a broken file is an error, so
 * the server does not run with policies silently missing.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Policy, PolicyFileError } from '@agent-coordinator/shared';
import { formatPolicyFileError, parsePolicyFile } from './policy-file.ts';

export interface PolicyFileListener {
  loaded(policies: readonly Policy[], reason: string): Promise<void>;
  rejected(errors: readonly PolicyFileError[]): Promise<void>;
}

export type ReloadOutcome = { readonly ok: true; readonly changed: boolean } | { readonly ok: false; readonly errors: readonly PolicyFileError[] };

export class PolicyFileWatcher {
  readonly #path: string;
  readonly #listener: PolicyFileListener;
  readonly #debounceMs: number;
  readonly #onError: (error: unknown) => void;
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | null = null;
  /** The text last acted on (null: no file), so a touch without a change does nothing. */
  #lastText: string | null | undefined = undefined;
  #lastOutcome: ReloadOutcome = { ok: true, changed: false };
  #reloading: Promise<ReloadOutcome> = Promise.resolve({ ok: true, changed: false });

  constructor(path: string, listener: PolicyFileListener, options: { debounceMs?: number; onError: (error: unknown) => void }) {
    this.#path = path;
    this.#listener = listener;
    this.#debounceMs = options.debounceMs ?? 150;
    this.#onError = options.onError;
  }

  /** Loads the file (a broken one is an error naming line and field) and starts watching it. */
  async start(): Promise<void> {
    const first = await this.reload();
    if (!first.ok) throw new Error(`policy file rejected:\n${first.errors.map((e) => `  ${formatPolicyFileError(this.#path, e)}`).join('\n')}`);
    const name = basename(this.#path);
    this.#watcher = watch(dirname(this.#path), { persistent: false }, (_event, file) => {
      if (file === null || file === name) this.#schedule();
    });
    this.#watcher.on('error', this.#onError);
  }

  /** Reads the file now (serialised with the watcher's reloads). */
  reload(): Promise<ReloadOutcome> {
    this.#reloading = this.#reloading.catch(() => undefined).then(() => this.#reloadOnce());
    return this.#reloading;
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#watcher?.close();
    this.#watcher = null;
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.reload().catch(this.#onError);
    }, this.#debounceMs);
  }

  async #reloadOnce(): Promise<ReloadOutcome> {
    let text: string | null;
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      text = null;
    }
    if (text === this.#lastText) return this.#lastOutcome.ok ? { ok: true, changed: false } : this.#lastOutcome;
    if (text === null) {
      this.#lastText = null;
      await this.#listener.loaded([], `${this.#path} does not exist: no file policies`);
      return (this.#lastOutcome = { ok: true, changed: true });
    }
    const parsed = parsePolicyFile(text);
    // A rejected text is remembered too: the same broken content is reported once, not on every touch.
    this.#lastText = text;
    if (!parsed.ok) {
      await this.#listener.rejected(parsed.errors);
      return (this.#lastOutcome = { ok: false, errors: parsed.errors });
    }
    await this.#listener.loaded(parsed.policies, `loaded ${parsed.policies.length} polic${parsed.policies.length === 1 ? 'y' : 'ies'} from ${this.#path}`);
    return (this.#lastOutcome = { ok: true, changed: true });
  }
}
