/**
 * Which embedder the configuration asks for: the built-in feature hashing one unless an
 * OpenAI-compatible URL is configured, in which case model and dimensions are required too.
 */
import { DEFAULT_HASHING_DIMENSIONS, HashingEmbedder } from './hashing-embedder.ts';
import { OpenAiEmbedder } from './openai-embedder.ts';
import type { EmbeddingProvider } from './embedding-provider.ts';

export interface EmbeddingSettings {
  readonly embeddingsUrl?: string | undefined;
  readonly embeddingsModel?: string | undefined;
  readonly embeddingsDimensions?: number | undefined;
  readonly embeddingsApiKey?: string | undefined;
}

export function embeddingProvider(settings: EmbeddingSettings): EmbeddingProvider {
  if (!settings.embeddingsUrl) return new HashingEmbedder(settings.embeddingsDimensions ?? DEFAULT_HASHING_DIMENSIONS);
  const missing = [
    ...(settings.embeddingsModel ? [] : ['COORDINATOR_EMBEDDINGS_MODEL (--embeddings-model)']),
    ...(settings.embeddingsDimensions ? [] : ['COORDINATOR_EMBEDDINGS_DIMENSIONS (--embeddings-dimensions)']),
  ];
  if (missing.length > 0) {
    throw new Error(`configuration: COORDINATOR_EMBEDDINGS_URL is set, so ${missing.join(' and ')} must be set too (the model's name and the length of its vectors)`);
  }
  return new OpenAiEmbedder({
    url: settings.embeddingsUrl,
    model: settings.embeddingsModel ?? '',
    dimensions: settings.embeddingsDimensions ?? 0,
    apiKey: settings.embeddingsApiKey,
  });
}
