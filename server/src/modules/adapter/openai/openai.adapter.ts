/**
 * The `openai` adapter: an agent loop in the server's own process (agent-loop.ts) over any
 * OpenAI-compatible chat-completions API, with the coordinator's core tools over MCP and file tools
 * confined to the run's workspace. No process is spawned, so the handle has no pid; cancel aborts the
 * request in flight and the loop. The whole conversation's text goes to the run's log as `log` events.
 * Health: `GET /models` — reachable, the key accepted, the configured model listed.
 */
import { CoordinatorError, type AdapterHealth, type RunEvent, type RunOutcome } from '@agent-coordinator/shared';
import type { AgentAdapter, RunHandle, RunSpec } from '../agent-adapter.ts';
import { EventChannel } from '../event-channel.ts';
import { runAgentLoop } from './agent-loop.ts';
import { ChatCompletionsClient } from './chat-completions.client.ts';
import { CoordinatorTools } from './coordinator-tools.ts';
import { OpenAiConfigSchema, isOpenAiConfigured, openAiConfigFromEnv, type OpenAiConfig, type OpenAiConfigInput } from './openai.config.ts';
import { WorkspaceFiles } from './workspace-files.ts';

const HEALTH_TIMEOUT_MS = 10_000;

const NOT_CONFIGURED = 'is not configured: set AC_OPENAI_BASE_URL (any OpenAI-compatible API) and/or AC_OPENAI_API_KEY for the server, then check with `agent-coordinator adapters`';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class OpenAiAdapter implements AgentAdapter {
  readonly name = 'openai';
  readonly kind = 'other' as const;
  readonly #config: OpenAiConfig;
  readonly #configured: boolean;

  /** `configured: false` (no base URL and no key in the environment): health says so, runs are refused, no network call. */
  constructor(config: OpenAiConfigInput = {}, options: { readonly configured?: boolean } = {}) {
    this.#config = OpenAiConfigSchema.parse(config);
    this.#configured = options.configured ?? true;
  }

  #client(timeoutMs: number): ChatCompletionsClient {
    return new ChatCompletionsClient({ baseUrl: this.#config.base_url, apiKey: this.#config.api_key, timeoutMs });
  }

  async health(): Promise<AdapterHealth> {
    if (!this.#configured) return { installed: false, authenticated: 'unknown', reason: NOT_CONFIGURED };
    const where = `${this.#config.base_url} (model ${this.#config.model})`;
    try {
      const models = await this.#client(HEALTH_TIMEOUT_MS).models();
      const listed = models.includes(this.#config.model);
      return {
        installed: true,
        reachable: true,
        authenticated: true,
        reason: listed ? `${where} answers and lists the model` : `${where} answers, but its /models does not list ${this.#config.model} (it lists ${models.slice(0, 5).join(', ') || 'none'}): set AC_OPENAI_MODEL`,
      };
    } catch (error) {
      if (error instanceof CoordinatorError && error.code === 'UNAUTHENTICATED') {
        return { installed: true, reachable: true, authenticated: false, reason: `${where} refused the key: ${error.message}; set AC_OPENAI_API_KEY or OPENAI_API_KEY` };
      }
      return { installed: true, reachable: false, authenticated: 'unknown', reason: `${where} is unreachable: ${message(error)}` };
    }
  }

  start(spec: RunSpec): RunHandle {
    if (!this.#configured) throw new CoordinatorError('UNAVAILABLE', `run ${spec.runId}: adapter openai ${NOT_CONFIGURED}`);
    const events = new EventChannel<RunEvent>();
    const controller = new AbortController();
    let cancelReason: string | undefined;
    const abort = (reason: string): void => {
      cancelReason ??= reason;
      controller.abort(reason);
    };
    const onOuterAbort = (): void => abort(String(spec.signal?.reason ?? 'aborted'));
    spec.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (spec.signal?.aborted) onOuterAbort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort('time limit');
    }, spec.limits.timeLimitMs);
    const emit = (event: RunEvent): void => {
      events.push(event);
      if (event.kind === 'progress') events.push({ kind: 'log', stream: 'stdout', text: event.text });
      if (event.kind === 'tool_use') events.push({ kind: 'log', stream: 'stdout', text: `→ ${event.name}` });
    };

    const run = async (): Promise<RunOutcome> => {
      let coordinator: CoordinatorTools | undefined;
      try {
        coordinator = await CoordinatorTools.connect(spec.coordinator);
        return await runAgentLoop({ spec, config: this.#config, chat: this.#client(this.#config.request_timeout_ms), coordinator, files: new WorkspaceFiles(spec.workspace), signal: controller.signal, emit });
      } catch (error) {
        if (cancelReason !== undefined) return { status: 'cancelled', reason: cancelReason };
        if (timedOut) return { status: 'failed', reason: `time limit reached after ${spec.limits.timeLimitMs} ms`, log_tail: '' };
        events.push({ kind: 'log', stream: 'stderr', text: message(error) });
        return { status: 'failed', reason: message(error), log_tail: message(error) };
      } finally {
        clearTimeout(timer);
        spec.signal?.removeEventListener('abort', onOuterAbort);
        await coordinator?.close();
      }
    };
    const outcome = run().then((result): RunOutcome => {
      events.end();
      return cancelReason !== undefined && result.status !== 'cancelled' ? { status: 'cancelled', reason: cancelReason } : result;
    });
    return {
      events,
      outcome,
      cancel: async (reason: string): Promise<void> => {
        abort(reason);
        await outcome;
      },
    };
  }
}

/** The built-in factory: configuration from the server's environment (`AC_OPENAI_*`, `OPENAI_API_KEY`). */
export const createOpenAiAdapter = (env: NodeJS.ProcessEnv = process.env): OpenAiAdapter =>
  new OpenAiAdapter(openAiConfigFromEnv(env), { configured: isOpenAiConfigured(env) });
