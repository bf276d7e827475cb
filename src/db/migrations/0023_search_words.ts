/**
 * PostgreSQL: a paper's text is cut into words where SQLite's FTS5 cuts it, at every ASCII
 * punctuation mark, before the `paperboy` text search configuration reads it.
 *
 * Why: PostgreSQL's default parser keeps some tokens whole that a query never asks for.
 * A query holds letters and digits only (query-parser `words`), so:
 * - "self-supervised" was indexed as 'self-supervis', 'self' and 'supervis' at three
 *   positions: the quoted phrase "in-domain self-supervised" asks for 'domain' right
 *   before 'self', which the whole compound in between kept from ever matching;
 * - "GPT-4" gave 'gpt' and the signed number '-4', "GPT-3.5" 'gpt' and '-3.5': a search for
 *   "GPT-4" asks for '4' and missed them;
 * - versions, hosts, paths and e-mail addresses ("1.2.3", "arxiv.org/abs/…") were one
 *   token each.
 * FTS5 (unicode61) cuts at all of these, so both databases now cut words alike.
 * The compounds also made each document longer for nothing.
 *
 * Every paper's tsvector is computed again: the GIN index is dropped and built once after
 * (faster than keeping it up to date row by row), into an emptied table so the rewrite
 * leaves no dead rows behind.
 */
import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

export const searchWords: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    if (dialect === 'sqlite') return;
    // A run of ASCII punctuation becomes one space (unicode punctuation already separates
    // words for the parser). A pattern of ranges, not translate(): ~20 µs an abstract
    // against ~300 (to_tsvector itself: ~190).
    await sql`CREATE FUNCTION paper_search_words(t text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(t, ${sql.lit(PUNCTUATION)}, ' ', 'g') $$`.execute(db);
    await sql`CREATE OR REPLACE FUNCTION paper_search_doc(title text, authors text, abstract text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('paperboy'::regconfig, paper_search_words(title)), 'A') ||
          setweight(to_tsvector('paperboy'::regconfig, paper_search_words(authors)), 'B') ||
          setweight(to_tsvector('paperboy'::regconfig, paper_search_words(abstract)), 'C') $$`.execute(db);
    await sql`DROP INDEX paper_search_doc`.execute(db);
    await sql`TRUNCATE paper_search`.execute(db);
    await sql`INSERT INTO paper_search (id, published_at, search_doc)
      SELECT id, published_at, paper_search_doc(title, authors_text, abstract) FROM papers ORDER BY id`.execute(
      db,
    );
    await sql`CREATE INDEX paper_search_doc ON paper_search USING gin (search_doc)`.execute(db);
    await sql`ANALYZE paper_search`.execute(db);
  },
});

/** ASCII's 32 punctuation marks, as ranges: ! to /, : to @, [ to `, { to ~. */
const PUNCTUATION = '[!-/:-@[-`{-~]+';
