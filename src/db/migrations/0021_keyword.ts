/**
 * SQLite: `papers_id_published`, a narrow index of each paper's id and publication time.
 * A keyword list in date order (`author:` alone, `sort:newest`) orders its newest 5,000
 * matches by date; read from `papers` itself, each date costs a read of the paper's whole
 * row (abstract included): 5,000 scattered pages per query. Read from this index (~40 MB
 * at a million papers, kept in the page cache by every such query), it costs a small part
 * of that. PostgreSQL ranks from the candidates' own rows and needs nothing here.
 */
import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

export const keyword: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite')
      await sql`CREATE INDEX papers_id_published ON papers (id, published_at)`.execute(db);
  },
});
