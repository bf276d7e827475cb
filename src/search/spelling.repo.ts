/**
 * Typo correction from the index's own vocabulary, on both databases: a word no paper has
 * is replaced by a real word of indexed titles, close by edit distance and frequent.
 * - SQLite: the FTS5 vocabulary (title stems with document counts) names the closest
 *   stems; the newest titles holding them give the real words.
 * - PostgreSQL: titles similar by trigrams (pg_trgm) give the real words.
 * Either way the correction is a word as typed in titles ("transformer"), searched as a
 * word, never a stem prefix ("transform…" would bring "Transformation" and "Transform").
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { ftsString } from './filters.repo.ts';
import { STOPWORDS, words } from './query-parser.ts';
import { bestCorrection, editDistance, maxEdits, stemVariants } from './spelling.ts';

/** Words shorter than this are never corrected (too many real neighbours). */
const MIN_LENGTH = 4;
/** Titles read to find the real words of the closest stems / trigram neighbours. */
const SAMPLE_TITLES = 60;

/** True when some paper has the word (in any field). */
export async function wordIsIndexed(db: Db, word: string): Promise<boolean> {
  const r =
    db.dialect === 'sqlite'
      ? await sql`SELECT 1 FROM papers_fts WHERE papers_fts MATCH ${ftsString([word])} LIMIT 1`.execute(
          db.kysely,
        )
      : await sql`SELECT 1 FROM paper_search WHERE search_doc @@ plainto_tsquery('paperboy', ${word}) LIMIT 1`.execute(
          db.kysely,
        );
  return r.rows.length > 0;
}

/** Corrections for the words of `terms` that no paper has: typed → real word. */
export async function correctWords(db: Db, terms: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of new Set(terms)) {
    if (t.length < MIN_LENGTH || STOPWORDS.has(t) || /\d/.test(t) || (await wordIsIndexed(db, t))) continue;
    const titles = db.dialect === 'sqlite' ? await sqliteNeighbourTitles(db, t) : await trigramTitles(db, t);
    const fix = bestCorrection(
      t,
      titles.flatMap((title) => words(title, 200)),
    );
    if (fix) out.set(t, fix);
  }
  return out;
}

/** Newest titles holding the vocabulary stems closest to the typed word. */
async function sqliteNeighbourTitles(db: Db, word: string): Promise<string[]> {
  // Typos rarely hit the first letter; scanning one letter's slice of the vocabulary
  // keeps this bounded even at a million titles.
  const first = word[0]!;
  const next = String.fromCodePoint(first.codePointAt(0)! + 1);
  const rows = await sql<{ term: string; doc: number }>`SELECT term, doc FROM papers_fts_vocab
    WHERE col = 'title' AND term >= ${first} AND term < ${next}
      AND length(term) BETWEEN ${Math.max(2, word.length - 4)} AND ${word.length + 2}`.execute(db.kysely);
  const max = maxEdits(word);
  const variants = stemVariants(word);
  const near: { term: string; dist: number; doc: number }[] = [];
  for (const r of rows.rows) {
    let dist = Number.POSITIVE_INFINITY;
    for (const v of variants) dist = Math.min(dist, editDistance(v, r.term, max));
    // A stem is a prefix of its words: compare the typed word's start when the cut is plausible.
    if (r.term.length >= 5 && word.length - r.term.length <= 4)
      dist = Math.min(dist, editDistance(word.slice(0, r.term.length), r.term, max) + 0.5);
    if (dist <= max) near.push({ term: r.term, dist, doc: r.doc });
  }
  near.sort((a, b) => a.dist - b.dist || b.doc - a.doc);
  const stems = near.slice(0, 3).map((n) => n.term);
  if (stems.length === 0) return [];
  const match = `title : (${stems.map((s) => ftsString([s])).join(' OR ')})`;
  const titles = await sql<{ title: string }>`SELECT p.title FROM papers p WHERE p.id IN (
      SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${SAMPLE_TITLES})`.execute(
    db.kysely,
  );
  return titles.rows.map((r) => r.title);
}

/** Titles most similar to the word by trigrams (pg_trgm), when the extension is there. */
async function trigramTitles(db: Db, word: string): Promise<string[]> {
  if (!(await hasTrigramIndex(db))) return [];
  return db.kysely.transaction().execute(async (trx) => {
    // The default threshold (0.6) misses one typo in a long word; 0.4 still needs most trigrams.
    await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)`.execute(trx);
    const rows = await sql<{ title: string }>`SELECT p.title FROM papers p WHERE ${word} <% lower(p.title)
      ORDER BY word_similarity(${word}, lower(p.title)) DESC, p.id DESC LIMIT ${SAMPLE_TITLES}`.execute(trx);
    return rows.rows.map((r) => r.title);
  });
}

const trigramIndex = new WeakMap<Db, Promise<boolean>>();
function hasTrigramIndex(db: Db): Promise<boolean> {
  let p = trigramIndex.get(db);
  if (!p) {
    p = sql`SELECT 1 FROM pg_indexes WHERE indexname = 'papers_title_trgm'`
      .execute(db.kysely)
      .then((r) => r.rows.length > 0);
    trigramIndex.set(db, p);
  }
  return p;
}
