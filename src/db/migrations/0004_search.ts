/**
 * Search indexes, kept in sync by the database itself so every ingest path (API, OAI,
 * RSS, Kaggle, HF, submissions, a future job) is searchable the moment its transaction
 * commits.
 *
 * SQLite: an external-content FTS5 table over papers(title, authors_text, abstract),
 * porter stemming over unicode61 with diacritics removed, maintained by triggers; a
 * vocabulary view of it feeds typo correction.
 * PostgreSQL: a stored generated, weighted tsvector (title A, authors B, abstract C) with a
 * GIN index; pg_trgm on lower(title) for typo tolerance when the extension is available;
 * unaccent in the text search configuration when that extension is available.
 * Both: an index on lower(title) so an exact title can be pinned first.
 */
import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

export const search: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await sql`CREATE INDEX papers_title_lower ON papers (lower(title))`.execute(db);
    if (dialect === 'sqlite') {
      await sql`CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, authors_text, abstract,
        content='papers', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
      await sql`CREATE VIRTUAL TABLE papers_fts_vocab USING fts5vocab(papers_fts, 'col')`.execute(db);
      await sql`CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, authors_text, abstract)
        VALUES (new.id, new.title, new.authors_text, new.abstract);
      END`.execute(db);
      await sql`CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, authors_text, abstract)
        VALUES ('delete', old.id, old.title, old.authors_text, old.abstract);
      END`.execute(db);
      await sql`CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, authors_text, abstract ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, authors_text, abstract)
        VALUES ('delete', old.id, old.title, old.authors_text, old.abstract);
        INSERT INTO papers_fts(rowid, title, authors_text, abstract)
        VALUES (new.id, new.title, new.authors_text, new.abstract);
      END`.execute(db);
      // Papers stored before this migration.
      await sql`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`.execute(db);
      return;
    }

    const available = await sql<{ name: string }>`
      SELECT name FROM pg_available_extensions WHERE name IN ('pg_trgm', 'unaccent')`.execute(db);
    const has = new Set(available.rows.map((r) => r.name));
    // The two-argument to_tsvector is immutable, so a generated column may use it; the
    // configuration is ours so unaccent can join it where installed.
    await sql`CREATE TEXT SEARCH CONFIGURATION paperboy (COPY = english)`.execute(db);
    if (has.has('unaccent')) {
      await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
      await sql`ALTER TEXT SEARCH CONFIGURATION paperboy
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem`.execute(db);
    }
    await sql`ALTER TABLE papers ADD COLUMN search_doc tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('paperboy'::regconfig, title), 'A') ||
      setweight(to_tsvector('paperboy'::regconfig, authors_text), 'B') ||
      setweight(to_tsvector('paperboy'::regconfig, abstract), 'C')) STORED`.execute(db);
    await sql`CREATE INDEX papers_search_doc ON papers USING gin (search_doc)`.execute(db);
    if (has.has('pg_trgm')) {
      await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
      await sql`CREATE INDEX papers_title_trgm ON papers USING gin (lower(title) gin_trgm_ops)`.execute(db);
    }
  },
});
