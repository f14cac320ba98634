/** The text a knowledge entry is embedded from (the indexer and the service must agree on it). */
export const embeddingText = (entry: { readonly title: string; readonly body: string; readonly tags: readonly string[] }): string =>
  `${entry.title}\n${entry.tags.join(' ')}\n${entry.body}`;
