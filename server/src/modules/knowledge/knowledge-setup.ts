/**
 * The knowledge module, assembled: the embedder the configuration names, whether this database can
 * hold vectors (decided once, before any request), the background indexer, the service and the
 * duplicate advice for task creation.
 */
import type { KnowledgeStatus } from '@agent-coordinator/shared';
import type { Database } from '../../db/database.ts';
import type { Transactor } from '../../common/transactor.ts';
import { embeddingProvider, type EmbeddingSettings } from '../../embeddings/embedding-setup.ts';
import { DuplicateAdvisor } from './duplicate-advisor.ts';
import type { DuplicateAdvice } from '../task/duplicate-advice.ts';
import { KnowledgeIndexer } from './knowledge-indexer.ts';
import { KnowledgeService } from './knowledge.service.ts';
import { prepareVectorStore } from './vector-store.ts';

export interface KnowledgeSettings extends EmbeddingSettings {
  readonly duplicateThreshold: number;
}

export interface Knowledge {
  readonly service: KnowledgeService;
  readonly duplicates: DuplicateAdvice;
  readonly indexer: KnowledgeIndexer | null;
  /** Starts the background indexing (after the event log is ready). */
  start(): void;
  close(): Promise<void>;
}

export async function createKnowledge(db: Database, transactor: Transactor, settings: KnowledgeSettings, onError: (error: unknown) => void): Promise<Knowledge> {
  const provider = embeddingProvider(settings);
  const vectors = await prepareVectorStore(db, provider);
  const indexer = vectors.available ? new KnowledgeIndexer(db, transactor, provider, onError) : null;
  return {
    service: new KnowledgeService(db, transactor, provider, vectors, indexer),
    duplicates: new DuplicateAdvisor(db, { threshold: settings.duplicateThreshold, onError }),
    indexer,
    start: () => indexer?.kick(),
    close: async () => {
      await indexer?.stop();
    },
  };
}

/** The line `agent-coordinator serve` prints about knowledge search at startup. */
export function knowledgeStartupLine(status: KnowledgeStatus): string {
  if (!status.semantic) {
    return `  knowledge: semantic search UNAVAILABLE — ${status.reason ?? 'unknown reason'}. Keyword search and everything else work. To enable: ${status.how_to_enable ?? ''}`;
  }
  const job = status.reembed;
  const reembed = job && job.status !== 'done' ? `; re-embedding ${job.done}/${job.total} in the background` : '';
  return `  knowledge: semantic + keyword search (${status.provider}, pgvector)${reembed}`;
}
