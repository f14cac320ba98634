/**
 * Knowledge entries with their full-text index. The embeddings table is not here: it needs the
 * pgvector extension, which a PostgreSQL server may lack (and may gain later), so the knowledge
 * module creates it at startup when `vector` can be created (modules/knowledge/vector-store.ts).
 */
import { Migration } from '@mikro-orm/migrations';

export class M005Knowledge extends Migration {
  override name = 'm005-knowledge';

  override up(): void {
    this.addSql(`create sequence knowledge_key_seq`);
    this.addSql(`
      create table knowledge_entries (
        id uuid primary key,
        key_number bigint not null unique default nextval('knowledge_key_seq'),
        kind text not null,
        title text not null,
        body text not null,
        tags text[] not null default '{}',
        files text[] not null default '{}',
        task_ids uuid[] not null default '{}',
        author text,
        search tsvector not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    // Keyword search: title and tags weigh more than the body (written by the repository on every change).
    this.addSql(`create index knowledge_entries_search on knowledge_entries using gin (search)`);
    this.addSql(`create index knowledge_entries_tags on knowledge_entries using gin (tags)`);
    this.addSql(`create index knowledge_entries_kind on knowledge_entries (kind, key_number)`);
    // One row per background re-embedding (a change of embedding provider, model or dimension).
    this.addSql(`
      create table knowledge_reembed_jobs (
        id uuid primary key,
        from_space text,
        to_space text not null,
        status text not null,
        total integer not null,
        done integer not null default 0,
        error text,
        started_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz
      )`);
  }
}
