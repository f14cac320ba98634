/**
 * How the `openai` adapter reaches a model: any OpenAI-compatible chat-completions API (OpenAI, a local
 * llama.cpp / vLLM / Ollama server, a gateway), by base URL, model and key, plus the bounds of one run:
 * turns, tokens (prompt + completion over the whole run) and output tokens per answer. Read from the
 * server's environment (`AC_OPENAI_*`, the key also from `OPENAI_API_KEY`).
 */
import { z } from 'zod';
import { parseEnvConfig } from '../env-config.ts';

export const OpenAiConfigSchema = z.strictObject({
  /** Up to and including the version segment: `https://api.openai.com/v1`, `http://127.0.0.1:8080/v1`. */
  base_url: z.url({ error: 'expected the API base URL, e.g. https://api.openai.com/v1' }).default('https://api.openai.com/v1'),
  model: z.string().min(1, { error: 'name the model, e.g. gpt-4.1-mini' }).default('gpt-4.1-mini'),
  /** Sent as `Authorization: Bearer`; empty for local servers that need none. */
  api_key: z.string().default(''),
  max_turns: z.number().int().min(1).max(1000).default(40),
  /** Prompt plus completion tokens over the whole run, as the API reports them. */
  max_total_tokens: z.number().int().min(1).default(500_000),
  /** `max_tokens` of each request. */
  max_output_tokens: z.number().int().min(1).default(4_096),
  /** One request's deadline. */
  request_timeout_ms: z.number().int().min(100).default(120_000),
});
export type OpenAiConfig = z.output<typeof OpenAiConfigSchema>;
export type OpenAiConfigInput = z.input<typeof OpenAiConfigSchema>;

const integer = (value: string | undefined): number | undefined => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Whether the server's environment points the adapter at an API at all: `AC_OPENAI_BASE_URL` or a key
 * (`AC_OPENAI_API_KEY`, `OPENAI_API_KEY`). When not, the adapter reports "not configured" and makes no
 * network call — a server nobody set up for OpenAI never knocks on api.openai.com.
 */
export const isOpenAiConfigured = (env: NodeJS.ProcessEnv = process.env): boolean =>
  Boolean(env['AC_OPENAI_BASE_URL'] || env['AC_OPENAI_API_KEY'] || env['OPENAI_API_KEY']);

/**
 * From `AC_OPENAI_BASE_URL`, `AC_OPENAI_MODEL`, `AC_OPENAI_API_KEY` (else `OPENAI_API_KEY`),
 * `AC_OPENAI_MAX_TURNS`, `AC_OPENAI_MAX_TOTAL_TOKENS`, `AC_OPENAI_MAX_OUTPUT_TOKENS`. Throws a
 * VALIDATION error naming the variable when one is malformed.
 */
export const openAiConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): OpenAiConfig =>
  parseEnvConfig(OpenAiConfigSchema, {
    base_url: { variable: 'AC_OPENAI_BASE_URL', value: env['AC_OPENAI_BASE_URL'] || undefined },
    model: { variable: 'AC_OPENAI_MODEL', value: env['AC_OPENAI_MODEL'] || undefined },
    api_key: { variable: env['AC_OPENAI_API_KEY'] ? 'AC_OPENAI_API_KEY' : 'OPENAI_API_KEY', value: env['AC_OPENAI_API_KEY'] || env['OPENAI_API_KEY'] || undefined },
    max_turns: { variable: 'AC_OPENAI_MAX_TURNS', value: integer(env['AC_OPENAI_MAX_TURNS']) },
    max_total_tokens: { variable: 'AC_OPENAI_MAX_TOTAL_TOKENS', value: integer(env['AC_OPENAI_MAX_TOTAL_TOKENS']) },
    max_output_tokens: { variable: 'AC_OPENAI_MAX_OUTPUT_TOKENS', value: integer(env['AC_OPENAI_MAX_OUTPUT_TOKENS']) },
  });
