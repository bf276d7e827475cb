/**
 * PostgreSQL: each paper's weighted tsvector moves from a generated column of `papers`
 * to a narrow table of its own, `paper_search (id, published_at, search_doc)`, with the
 * GIN index.
 *
 * Why: the keyword candidate stage reads every match in its window of recent papers
 * from the heap the GIN index points into. A `papers` row carries the paper's abstract
 * inline (~1.3 kB a row, ~6 rows a page), so a word in 10 % of a million papers read
 * ~14,700 pages to find its newest 5,000 matches; `paper_search` rows are ~240 bytes (the
 * tsvector itself mostly lives in TOAST), and the same read takes ~5,500 pages (300 →
 * 60 ms measured; docs/SEARCH.md). SQLite's FTS5 table is already its own narrow index.
 *
 * Kept in step by triggers on `papers`: an insert adds the row; an update rewrites it
 * only when the title, authors, abstract or date changed (the generated column was
 * recomputed on every update, votes included); a deletion cascades. The papers' existing tsvectors
 * are copied, not recomputed. Dropping the column is instant; its old values' space in
 * `papers` is reused as rows are rewritten (or at once by `VACUUM FULL papers`).
 */
import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

export const searchTable: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') return;
    // The document of a paper, in one place: the trigger below and `paperboy copy` use it.
    await sql`CREATE FUNCTION paper_search_doc(title text, authors text, abstract text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('paperboy'::regconfig, title), 'A') ||
          setweight(to_tsvector('paperboy'::regconfig, authors), 'B') ||
          setweight(to_tsvector('paperboy'::regconfig, abstract), 'C') $$`.execute(db);
    // `published_at` too: lists in date order (`author:` alone, `sort:newest`) order their
    // candidates by it without reading each paper's row.
    await sql`CREATE TABLE paper_search (
      id integer PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
      published_at text NOT NULL,
      search_doc tsvector NOT NULL)`.execute(db);
    await sql`INSERT INTO paper_search (id, published_at, search_doc)
      SELECT id, published_at, search_doc FROM papers ORDER BY id`.execute(db);
    await sql`CREATE INDEX paper_search_doc ON paper_search USING gin (search_doc)`.execute(db);
    await sql`CREATE FUNCTION paper_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO paper_search (id, published_at, search_doc)
          VALUES (NEW.id, NEW.published_at, paper_search_doc(NEW.title, NEW.authors_text, NEW.abstract))
          ON CONFLICT (id) DO UPDATE
            SET published_at = EXCLUDED.published_at, search_doc = EXCLUDED.search_doc;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER papers_search_insert AFTER INSERT ON papers
      FOR EACH ROW EXECUTE FUNCTION paper_search_sync()`.execute(db);
    await sql`CREATE TRIGGER papers_search_update
      AFTER UPDATE OF title, authors_text, abstract, published_at ON papers
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title
        OR OLD.authors_text IS DISTINCT FROM NEW.authors_text
        OR OLD.abstract IS DISTINCT FROM NEW.abstract
        OR OLD.published_at IS DISTINCT FROM NEW.published_at)
      EXECUTE FUNCTION paper_search_sync()`.execute(db);
    await sql`ALTER TABLE papers DROP COLUMN search_doc`.execute(db);
    // The planner's word statistics (keyword plans and document counts) come from here.
    await sql`ANALYZE paper_search`.execute(db);
  },
});
