/**
 * The two calls the `openai` adapter makes to an OpenAI-compatible API: `POST /chat/completions` with
 * tools (non-streaming: one answer per turn is all the loop needs) and `GET /models` for health. Answers
 * are validated with zod at this edge; errors name the URL, the status and the API's own message.
 */
import { z } from 'zod';
import { CoordinatorError } from '@agent-coordinator/shared';

export const ToolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string(), arguments: z.string().default('{}') }),
});
export type ToolCall = z.output<typeof ToolCallSchema>;

export type ChatMessage =
  | { readonly role: 'system' | 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string | null; readonly tool_calls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly tool_call_id: string; readonly content: string };

export interface ToolDefinition {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: Readonly<Record<string, unknown>> };
}

const ChatResponseSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), tool_calls: z.array(ToolCallSchema).nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative().default(0), completion_tokens: z.number().int().nonnegative().default(0) }).optional(),
});
export type ChatResponse = z.output<typeof ChatResponseSchema>;

const ModelsResponseSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

export interface ChatClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

const apiMessage = (body: string): string => {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? parsed.error : undefined;
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  } catch {
    // not JSON: quote the start of the text
  }
  return body.slice(0, 300);
};

export class ChatCompletionsClient {
  readonly #options: ChatClientOptions;

  constructor(options: ChatClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  #headers(): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.#options.apiKey ? { authorization: `Bearer ${this.#options.apiKey}` } : {}) };
  }

  /** A fetch bounded by the request deadline and the caller's signal. */
  async #fetch(path: string, init: RequestInit, signal?: AbortSignal): Promise<{ status: number; body: string }> {
    const url = `${this.#options.baseUrl}${path}`;
    const timeout = AbortSignal.timeout(this.#options.timeoutMs);
    const response = await fetch(url, { ...init, headers: this.#headers(), signal: signal ? AbortSignal.any([signal, timeout]) : timeout }).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new CoordinatorError('UNAVAILABLE', `${init.method ?? 'GET'} ${url} failed: ${timeout.aborted ? `no answer within ${this.#options.timeoutMs} ms` : cause}; check AC_OPENAI_BASE_URL and that the server is up`);
    });
    return { status: response.status, body: await response.text() };
  }

  async chat(body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<ChatResponse> {
    const { status, body: text } = await this.#fetch('/chat/completions', { method: 'POST', body: JSON.stringify(body) }, signal);
    if (status !== 200) throw new CoordinatorError(status === 401 || status === 403 ? 'UNAUTHENTICATED' : 'UNAVAILABLE', `POST /chat/completions answered ${status}: ${apiMessage(text)}`);
    const parsed = ChatResponseSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new CoordinatorError('UNAVAILABLE', `POST /chat/completions gave an answer that is not a chat completion: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }

  /** The model ids `GET /models` lists; throws UNAUTHENTICATED on 401/403, UNAVAILABLE otherwise. */
  async models(): Promise<string[]> {
    const { status, body } = await this.#fetch('/models', { method: 'GET' });
    if (status === 401 || status === 403) throw new CoordinatorError('UNAUTHENTICATED', `GET /models answered ${status}: ${apiMessage(body)}`);
    if (status !== 200) throw new CoordinatorError('UNAVAILABLE', `GET /models answered ${status}: ${apiMessage(body)}`);
    const parsed = ModelsResponseSchema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new CoordinatorError('UNAVAILABLE', 'GET /models gave no model list (expected {"data":[{"id":…}]})');
    return parsed.data.data.map((model) => model.id);
  }
}
