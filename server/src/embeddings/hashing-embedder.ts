/**
 * The built-in embedder: deterministic feature hashing, no model, no download, no network. A text
 * becomes word unigrams (lower-cased, camelCase and snake_case split, stop words dropped, light
 * suffix folding), adjacent-word bigrams and character trigrams of each word; each feature is hashed
 * to one of D dimensions with a hashed sign, and the vector is scaled to unit length.
 *
 * What it is good for: lexical similarity — near-duplicate texts, shared vocabulary and identifiers,
 * spelling and inflection variants (trigrams). What it is not: semantics — "car" and "automobile" are
 * unrelated to it. Configure an OpenAI-compatible model for that (docs/knowledge.md).
 */
import { normalize, type EmbeddingProvider } from './embedding-provider.ts';

export const DEFAULT_HASHING_DIMENSIONS = 256;

const WEIGHT = { word: 1, bigram: 0.7, trigram: 0.25 } as const;

// Function words that carry no topic: dropping them keeps unrelated texts apart.
const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing done for from had has have having he her his how i if in into is it its ' +
    'just me more most my no not of on or our ours she should so some such than that the their them then there these they this those to too ' +
    'up us very was we were what when where which while who whom why will with would you your also any all each via per out over under again ' +
    'about after before between both same other only own once here further'
  ).split(' '),
);

/** Lower-case words; `parseTaskInput` → `parse task input`, `lock_space` → `lock space`. */
export function words(text: string): string[] {
  const split = text.normalize('NFKC').replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
  return (split.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w));
}

/** Folds common English inflections so `migrations`, `migrated` and `migrating` meet (not a real stemmer). */
export function fold(word: string): string {
  if (word.length <= 4 || /^\p{N}+$/u.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const stem = word.slice(0, -suffix.length);
      return suffix === 'ies' || suffix === 'ied' ? `${stem}y` : stem;
    }
  }
  return word;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so every bit depends on every input bit. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class HashingEmbedder implements EmbeddingProvider {
  readonly dimensions: number;
  readonly space: string;
  readonly description: string;

  constructor(dimensions = DEFAULT_HASHING_DIMENSIONS) {
    if (!Number.isInteger(dimensions) || dimensions < 8) throw new Error(`the built-in embedder needs at least 8 dimensions, got ${dimensions}`);
    this.dimensions = dimensions;
    this.space = `hash1-${dimensions}`;
    this.description = `built-in feature hashing (${dimensions} dims)`;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const add = (feature: string, weight: number): void => {
      const h = hash32(feature);
      const index = h % this.dimensions;
      vector[index] = (vector[index] ?? 0) + (h & 0x80000000 ? -weight : weight);
    };
    const raw = words(text);
    const folded = raw.map(fold);
    for (let i = 0; i < folded.length; i++) {
      const word = folded[i] ?? '';
      add(`w:${word}`, WEIGHT.word);
      const next = folded[i + 1];
      if (next !== undefined) add(`b:${word} ${next}`, WEIGHT.bigram);
      const padded = `<${raw[i] ?? word}>`;
      for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, WEIGHT.trigram);
    }
    return normalize(vector);
  }
}
