/**
 * "More like this" by words, for papers without a vector: the paper's most distinctive
 * indexed terms (tf-idf over the search index's own statistics, `similar-terms.ts`),
 * any of which may match, matches ranked by bm25 (FTS5) | ts_rank (PostgreSQL) over
 * title and abstract. Authors are not matched: sharing a name is not sharing a topic.
 * No candidate cap: the chosen terms are in at most 10 % of papers, so their matches are
 * few enough to rank them all (capping to the newest matches lost most neighbours).
 * Papers hidden by moderators are never returned.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { ColumnWeights } from './lexical.repo.ts';
import { STOPWORDS, words } from './query-parser.ts';
import { distinctiveTerms, type TermCount, type WeightedTerm } from './similar-terms.ts';
import type { Candidate } from './types.ts';

export interface PaperText {
  id: number;
  title: string;
  abstract: string;
}

export async function papersLike(
  db: Db,
  paper: PaperText,
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  const counts = db.dialect === 'sqlite' ? sqliteTerms(db, paper) : await postgresTerms(db, paper);
  const stats = await indexStats(
    db,
    counts.map((c) => c.term),
  );
  const terms = distinctiveTerms(counts, stats.df, stats.papers);
  if (terms.length === 0) return [];
  return db.dialect === 'sqlite'
    ? sqliteRank(db, paper.id, terms, k, weights)
    : postgresRank(db, paper.id, terms, k, weights);
}

const notHidden = sql`NOT IN (SELECT paper_id FROM daily_entries WHERE hidden = 1)`;

// ---- SQLite ---------------------------------------------------------------------------

/**
 * FTS5 reduces words to terms with its tokenizer (porter stemming, diacritics removed);
 * a scratch FTS5 table in the connection's temp schema with the same tokenizer tells us
 * which term each word of the paper becomes, so terms match the index exactly.
 */
function sqliteTerms(db: Db, paper: PaperText): TermCount[] {
  const s = db.sqlite!;
  s.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_words USING fts5(word,
      tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_words_terms USING fts5vocab(temp, similar_words, 'instance');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_fts_rows USING fts5vocab(main, papers_fts, 'row');`);
  const content = (text: string) => words(text).filter((w) => !STOPWORDS.has(w));
  const titleWords = content(paper.title);
  const abstractWords = content(paper.abstract);
  const distinct = [...new Set([...titleWords, ...abstractWords])];
  const insert = s.prepare('INSERT INTO temp.similar_words(rowid, word) VALUES (?, ?)');
  const termOf = new Map<string, string>();
  s.transaction(() => {
    for (const [i, w] of distinct.entries()) insert.run(i + 1, w);
    for (const r of s.prepare('SELECT term, doc FROM temp.similar_words_terms').all() as {
      term: string;
      doc: number;
    }[])
      termOf.set(distinct[r.doc - 1]!, r.term);
    s.prepare('DELETE FROM temp.similar_words').run();
  })();
  return countTerms(titleWords, abstractWords, (w) => termOf.get(w));
}

function sqliteRank(
  db: Db,
  id: number,
  terms: WeightedTerm[],
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  const match = `{title abstract}: (${terms.map((t) => `"${t.word.replaceAll('"', '""')}"`).join(' OR ')})`;
  // `rank MATCH` sets bm25's column weights for FTS5's own ORDER BY rank (no second scoring pass).
  const bm25 = `bm25(${weights.title}, 0, ${weights.abstract})`;
  return sql<Candidate>`SELECT rowid AS id, -rank AS score
      FROM papers_fts WHERE papers_fts MATCH ${match} AND rank MATCH ${bm25}
        AND rowid <> ${id} AND rowid ${notHidden}
      ORDER BY rank LIMIT ${k}`
    .execute(db.kysely)
    .then((r) => r.rows);
}

// ---- PostgreSQL -----------------------------------------------------------------------

async function postgresTerms(db: Db, paper: PaperText): Promise<TermCount[]> {
  const r = await sql<{ field: 'title' | 'abstract'; lexeme: string; n: number }>`
    SELECT 'title' AS field, lexeme, array_length(positions, 1) AS n FROM unnest(to_tsvector('paperboy', ${paper.title}))
    UNION ALL
    SELECT 'abstract', lexeme, array_length(positions, 1) FROM unnest(to_tsvector('paperboy', ${paper.abstract}))`.execute(
    db.kysely,
  );
  const byTerm = new Map<string, TermCount>();
  for (const row of r.rows) {
    const c = byTerm.get(row.lexeme) ?? { term: row.lexeme, word: row.lexeme, title: 0, abstract: 0 };
    c[row.field] += Number(row.n ?? 1);
    byTerm.set(row.lexeme, c);
  }
  return [...byTerm.values()];
}

function postgresRank(
  db: Db,
  id: number,
  terms: WeightedTerm[],
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  // Lexemes are already normalised: a tsquery literal (not to_tsquery) keeps them as they are.
  const tsq = terms.map((t) => `'${t.term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' | ');
  const max = Math.max(weights.title, weights.abstract, 1e-9);
  const w = `{0, ${weights.abstract / max}, 0, ${weights.title / max}}`;
  return sql<Candidate>`SELECT p.id, ts_rank(${w}::float4[], p.search_doc, ${tsq}::tsquery) AS score
      FROM papers p WHERE p.search_doc @@ ${tsq}::tsquery AND p.id <> ${id} AND p.id ${notHidden}
      ORDER BY score DESC, p.id DESC LIMIT ${k}`
    .execute(db.kysely)
    .then((r) => r.rows);
}

// ---- both -----------------------------------------------------------------------------

function countTerms(
  titleWords: string[],
  abstractWords: string[],
  termOf: (w: string) => string | undefined,
): TermCount[] {
  const byTerm = new Map<string, TermCount>();
  const add = (w: string, field: 'title' | 'abstract') => {
    const term = termOf(w);
    if (!term) return;
    const c = byTerm.get(term) ?? { term, word: w, title: 0, abstract: 0 };
    c[field]++;
    byTerm.set(term, c);
  };
  for (const w of titleWords) add(w, 'title');
  for (const w of abstractWords) add(w, 'abstract');
  return [...byTerm.values()];
}

interface IndexStats {
  papers: number;
  df: Map<string, number>;
}

/**
 * Document frequencies change slowly and counting a common term's documents reads its
 * whole posting list, so they are cached per database for a few minutes (bounded).
 */
const STATS_TTL_MS = 10 * 60_000;
const MAX_CACHED_TERMS = 200_000;
const caches = new WeakMap<Db, { at: number; papers: number; df: Map<string, number>; pgFloor?: number }>();

async function indexStats(db: Db, terms: string[]): Promise<IndexStats> {
  let c = caches.get(db);
  if (!c || Date.now() - c.at > STATS_TTL_MS || c.df.size > MAX_CACHED_TERMS) {
    c = { at: Date.now(), papers: 0, df: new Map() };
    if (db.dialect === 'sqlite') {
      const r = db.sqlite!.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
      c.papers = r.n;
    } else await loadPostgresStats(db, c);
    caches.set(db, c);
  }
  const cache = c;
  const missing = terms.filter((t) => !cache.df.has(t));
  if (missing.length && db.dialect === 'sqlite') {
    const one = db.sqlite!.prepare('SELECT doc FROM temp.papers_fts_rows WHERE term = ?').pluck();
    for (const t of missing) cache.df.set(t, Number(one.get(t) ?? 0));
  }
  // PostgreSQL: a lexeme outside the planner's most common elements is rarer than all of them.
  const df =
    db.dialect === 'sqlite' ? cache.df : new Map(terms.map((t) => [t, cache.df.get(t) ?? cache.pgFloor!]));
  return { papers: cache.papers, df };
}

/**
 * PostgreSQL keeps the frequencies of the most common lexemes of `search_doc` in its
 * statistics (`ANALYZE`): reading them costs one row, where counting would scan the index.
 */
async function loadPostgresStats(db: Db, c: { papers: number; df: Map<string, number>; pgFloor?: number }) {
  const n = await sql<{
    n: string;
  }>`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'papers'::regclass`.execute(
    db.kysely,
  );
  const exact = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM (SELECT 1 FROM papers LIMIT 100000) s`.execute(db.kysely);
  c.papers = Math.max(Number(n.rows[0]?.n ?? 0), Number(exact.rows[0]?.n ?? 0));
  const s = await sql<{ elems: string[] | null; freqs: number[] | null }>`
    SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
    FROM pg_stats WHERE tablename = 'papers' AND attname = 'search_doc' LIMIT 1`.execute(db.kysely);
  const row = s.rows[0];
  let floor = 2;
  if (row?.elems && row.freqs) {
    const freqs = row.freqs;
    row.elems.forEach((e, i) => {
      c.df.set(e, Math.round(freqs[i]! * c.papers));
    });
    const least = Math.min(...freqs.slice(0, row.elems.length));
    floor = Math.max(2, Math.round((least * c.papers) / 2));
  }
  c.pgFloor = floor;
}

/** Which of `ids` have a daily entry hidden by moderators. */
export async function hiddenAmong(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('daily_entries')
    .select('paper_id')
    .where('paper_id', 'in', ids)
    .where('hidden', '=', 1)
    .execute();
  return new Set(rows.map((r) => r.paper_id));
}

/** The text similar papers are found from, by arXiv id (null when not in this instance). */
export async function paperTextByArxivId(db: Db, arxivId: string): Promise<PaperText | null> {
  const r = await db.kysely
    .selectFrom('papers')
    .select(['id', 'title', 'abstract'])
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  return r ?? null;
}
