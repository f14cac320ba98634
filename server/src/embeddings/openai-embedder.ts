/**
 * An OpenAI-compatible embeddings endpoint (OpenAI, Azure-style gateways, Ollama, vLLM, LM Studio,
 * llama.cpp server, …): `POST {url}/embeddings` with `{ model, input: [...] }` and
 * `Authorization: Bearer <key>` when a key is configured. The configured dimension must be the length
 * the model returns: it is checked on every answer, and a mismatch is an error naming both numbers.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normalize, type EmbeddingProvider } from './embedding-provider.ts';

export interface OpenAiEmbedderOptions {
  /** Base URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`. */
  readonly url: string;
  readonly model: string;
  readonly dimensions: number;
  readonly apiKey?: string | undefined;
  readonly timeoutMs?: number;
}

/** Texts per request, and characters per text (about 2k tokens: titles and bodies, not books). */
const BATCH = 64;
const MAX_CHARS = 8_000;

const ResponseSchema = z.object({
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().min(0).optional() })),
});

export class OpenAiEmbedder implements EmbeddingProvider {
  readonly space: string;
  readonly description: string;
  readonly dimensions: number;
  readonly #endpoint: string;
  readonly #model: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: OpenAiEmbedderOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.#endpoint = `${base}/embeddings`;
    this.#model = options.model;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.dimensions = options.dimensions;
    const digest = createHash('sha256').update(`${base}\n${options.model}`).digest('hex').slice(0, 10);
    this.space = `oai-${digest}-${options.dimensions}`;
    this.description = `${options.model} at ${base} (${options.dimensions} dims)`;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) vectors.push(...(await this.#request(texts.slice(i, i + BATCH))));
    return vectors;
  }

  async #request(texts: readonly string[]): Promise<Float32Array[]> {
    const what = `embeddings request to ${this.#endpoint} (model ${this.#model})`;
    let response: Response;
    try {
      response = await fetch(this.#endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}) },
        body: JSON.stringify({ model: this.#model, input: texts.map((t) => (t.length > MAX_CHARS ? t.slice(0, MAX_CHARS) : t) || ' ') }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new Error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`${what} failed: HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ''}`);
    let parsed: z.infer<typeof ResponseSchema>;
    try {
      parsed = ResponseSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new Error(`${what} returned something other than { data: [{ embedding: [...] }] }: ${text.slice(0, 200)}`, { cause: error });
    }
    if (parsed.data.length !== texts.length) throw new Error(`${what} returned ${parsed.data.length} embeddings for ${texts.length} texts`);
    const ordered = parsed.data.every((d) => d.index !== undefined) ? [...parsed.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) : parsed.data;
    return ordered.map(({ embedding }) => {
      if (embedding.length !== this.dimensions) {
        throw new Error(`${what} returned vectors of ${embedding.length} dimensions, but COORDINATOR_EMBEDDINGS_DIMENSIONS is ${this.dimensions}: set it to ${embedding.length}`);
      }
      return normalize(Float32Array.from(embedding));
    });
  }
}
