import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * SQLite: the keyword index (papers_fts) can be suspended for a bulk import and rebuilt
 * once at its end, which is much cheaper than maintaining it row by row. While the row
 * `search-index:deferred` exists in ingest_state the triggers skip; the importer removes
 * the row in the same transaction as the rebuild (papers/bulk.repo.ts). The triggers are
 * otherwise those of 0004_search.
 */
export const speed: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    if (dialect !== 'sqlite') return;
    const active = sql.raw(
      `WHEN NOT EXISTS (SELECT 1 FROM ingest_state WHERE key = 'search-index:deferred')`,
    );
    for (const t of ['insert', 'delete', 'update'])
      await sql`DROP TRIGGER IF EXISTS ${sql.raw(`papers_fts_${t}`)}`.execute(db);
    await sql`CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers ${active} BEGIN
      INSERT INTO papers_fts(rowid, title, authors_text, abstract)
      VALUES (new.id, new.title, new.authors_text, new.abstract);
    END`.execute(db);
    await sql`CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers ${active} BEGIN
      INSERT INTO papers_fts(papers_fts, rowid, title, authors_text, abstract)
      VALUES ('delete', old.id, old.title, old.authors_text, old.abstract);
    END`.execute(db);
    await sql`CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, authors_text, abstract ON papers ${active} BEGIN
      INSERT INTO papers_fts(papers_fts, rowid, title, authors_text, abstract)
      VALUES ('delete', old.id, old.title, old.authors_text, old.abstract);
      INSERT INTO papers_fts(rowid, title, authors_text, abstract)
      VALUES (new.id, new.title, new.authors_text, new.abstract);
    END`.execute(db);
  },
});
