/**
 * What knowledge search and the re-embed job need from an embedding model: vectors of a fixed length
 * for a batch of texts. `space` names the vector space (provider, model, dimensions): vectors from two
 * spaces are never compared, and a change of space is what triggers re-embedding.
 */
export interface EmbeddingProvider {
  /** `[a-z0-9-]+`, stable across restarts: stored with each vector and used in index names. */
  readonly space: string;
  /** For people: `built-in feature hashing (256 dims)`, `text-embedding-3-small at https://… (1536 dims)`. */
  readonly description: string;
  readonly dimensions: number;
  /** One unit-length vector per text, in order. Rejects with an Error saying what went wrong. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** Cosine similarity of two unit-length vectors of the same length. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

/** Scales a vector to unit length in place (a zero vector stays zero). */
export function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  }
  return vector;
}

/** pgvector's text form: `[0.1,0.2,…]`. */
export const toPgVector = (vector: Float32Array): string => `[${Array.from(vector, (x) => (Number.isFinite(x) ? x : 0)).join(',')}]`;
