/**
 * Storage side of "similar papers" by words (`similar.ts`): document frequencies from the
 * search index, the candidate stage (papers having any of the query paper's most
 * distinctive terms, ranked by bm25 (FTS5) | ts_rank (PostgreSQL) over title and
 * abstract; authors are not matched: sharing a name is not sharing a topic) and the
 * candidates' texts. Papers hidden by moderators are never returned.
 */
import { sql } from 'kysely';
import { connect, type Db, type DbSource } from '../db/connect.ts';
import type { ColumnWeights } from './bm25.ts';
import { nativeRanking } from './rank.repo.ts';
import type { Candidate } from './types.ts';

export interface PaperText {
  id: number;
  title: string;
  abstract: string;
}

/**
 * A word the candidate stage matches: its index term (stem | lexeme), a word that becomes
 * it, and how many papers hold it (indexStats).
 */
export interface MatchTerm {
  term: string;
  word: string;
  df: number;
}

/**
 * Papers having any of `terms` (title or abstract), best `limit` by bm25 | ts_rank: the
 * candidates "similar papers" re-ranks. Never `id` itself, never a hidden paper.
 */
export function candidatesLike(
  db: Db,
  id: number,
  terms: MatchTerm[],
  limit: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  if (terms.length === 0) return Promise.resolve([]);
  return db.dialect === 'sqlite'
    ? sqliteRank(db, id, terms, limit, weights)
    : postgresRank(db, id, terms, limit, weights);
}

const notHidden = sql`NOT IN (SELECT paper_id FROM daily_entries WHERE hidden = 1)`;

// ---- SQLite ---------------------------------------------------------------------------

function sqliteRank(
  db: Db,
  id: number,
  terms: MatchTerm[],
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  const match = `{title abstract}: (${terms.map((t) => `"${t.word.replaceAll('"', '""')}"`).join(' OR ')})`;
  // `rank MATCH` sets the ranking function for FTS5's own ORDER BY rank (no second scoring
  // pass). Each word's document count is at hand, so pb_bm25 takes it where bm25() would
  // first walk every word's whole doclist to count it (rank.repo.ts).
  const w = `${weights.title}, 0, ${weights.abstract}`;
  const bm25 = nativeRanking(db) ? `pb_bm25(${w}, ${terms.map((t) => t.df).join(', ')})` : `bm25(${w})`;
  return sql<Candidate>`SELECT rowid AS id, -rank AS score
      FROM papers_fts WHERE papers_fts MATCH ${match} AND rank MATCH ${bm25}
        AND rowid <> ${id} AND rowid ${notHidden}
      ORDER BY rank LIMIT ${k}`
    .execute(db.kysely)
    .then((r) => r.rows);
}

// ---- PostgreSQL -----------------------------------------------------------------------

function postgresRank(
  db: Db,
  id: number,
  terms: MatchTerm[],
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  // Lexemes are already normalised: a tsquery literal (not to_tsquery) keeps them as they are.
  const tsq = terms.map((t) => `'${t.term.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' | ');
  const max = Math.max(weights.title, weights.abstract, 1e-9);
  const w = `{0, ${weights.abstract / max}, 0, ${weights.title / max}}`;
  return sql<Candidate>`SELECT s.id, ts_rank(${w}::float4[], s.search_doc, ${tsq}::tsquery) AS score
      FROM paper_search s WHERE s.search_doc @@ ${tsq}::tsquery AND s.id <> ${id} AND s.id ${notHidden}
      ORDER BY score DESC, s.id DESC LIMIT ${k}`
    .execute(db.kysely)
    .then((r) => r.rows);
}

// ---- both -----------------------------------------------------------------------------

export interface IndexStats {
  papers: number;
  /** Stem → papers whose indexed text has it. */
  df: Map<string, number>;
  /** Stem → the index's own term for it (SQLite: the stem itself; PostgreSQL: a lexeme). */
  termOf: Map<string, string>;
}

interface StatsCache {
  at: number;
  papers: number;
  /** Index term → document frequency. */
  df: Map<string, number>;
  /** PostgreSQL: word → lexeme ('' for a stop word). */
  lexemes: Map<string, string>;
  pgFloor?: number;
}

/**
 * Document frequencies change slowly and counting a common term's documents reads its
 * whole posting list, so they are cached per database for a few minutes (bounded).
 */
const STATS_TTL_MS = 10 * 60_000;
const MAX_CACHED_TERMS = 200_000;
const caches = new WeakMap<Db, StatsCache>();

/** Document frequencies in the search index of the stems in `wordOf` (stem → a word of it). */
export async function indexStats(db: Db, wordOf: Map<string, string>): Promise<IndexStats> {
  let c = caches.get(db);
  if (!c || Date.now() - c.at > STATS_TTL_MS || c.df.size + c.lexemes.size > MAX_CACHED_TERMS) {
    c = { at: Date.now(), papers: 0, df: new Map(), lexemes: new Map() };
    if (db.dialect === 'sqlite') {
      const r = db.sqlite!.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
      c.papers = r.n;
    } else await loadPostgresStats(db, c);
    caches.set(db, c);
  }
  const cache = c;
  const termOf = new Map<string, string>();
  if (db.dialect === 'sqlite') {
    // The index's tokenizer stems as `similar-text.ts` does: the stem is the index term.
    db.sqlite!.exec(
      `CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_fts_rows USING fts5vocab(main, papers_fts, 'row')`,
    );
    const one = db.sqlite!.prepare('SELECT doc FROM temp.papers_fts_rows WHERE term = ?').pluck();
    for (const stem of wordOf.keys()) {
      if (!cache.df.has(stem)) cache.df.set(stem, Number(one.get(stem) ?? 0));
      termOf.set(stem, stem);
    }
    return {
      papers: cache.papers,
      df: new Map([...termOf.keys()].map((s) => [s, cache.df.get(s)!])),
      termOf,
    };
  }
  const missing = [...new Set(wordOf.values())].filter((w) => !cache.lexemes.has(w));
  if (missing.length) {
    const r = await sql<{ w: string; lexeme: string | null }>`
      SELECT w, (SELECT lexeme FROM unnest(to_tsvector('paperboy', w)) LIMIT 1) AS lexeme
      FROM unnest(${missing}::text[]) AS w`.execute(db.kysely);
    for (const row of r.rows) cache.lexemes.set(row.w, row.lexeme ?? '');
  }
  const df = new Map<string, number>();
  for (const [stem, word] of wordOf) {
    const lexeme = cache.lexemes.get(word);
    if (!lexeme) continue;
    termOf.set(stem, lexeme);
    // A lexeme outside the planner's most common elements is rarer than all of them.
    df.set(stem, cache.df.get(lexeme) ?? cache.pgFloor!);
  }
  return { papers: cache.papers, df, termOf };
}

/**
 * PostgreSQL keeps the frequencies of the most common lexemes of `paper_search.search_doc` in its
 * statistics (`ANALYZE`): reading them costs one row, where counting would scan the index.
 */
async function loadPostgresStats(db: Db, c: StatsCache) {
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
    FROM pg_stats WHERE tablename = 'paper_search' AND attname = 'search_doc' LIMIT 1`.execute(db.kysely);
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

/** The title and abstract of each of `ids` that exists. */
export async function paperTexts(db: Db, ids: number[]): Promise<PaperText[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('papers').select(['id', 'title', 'abstract']).where('id', 'in', ids).execute();
}

/** The texts of the first `limit` papers after id `after`, in id order. */
export function paperTextsAfter(db: Db, after: number, limit: number): Promise<PaperText[]> {
  return db.kysely
    .selectFrom('papers')
    .select(['id', 'title', 'abstract'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * A connection of its own to the database `source` names, reading only (one PostgreSQL
 * connection): what a worker thread builds the similar-papers index from.
 */
export function openIndexSource(source: DbSource): Db {
  return connect({ ...source, readonly: true, poolSize: 1 });
}

/** Every paper's text in ascending id order, `size` at a time (what the similar-papers index is built from). */
export async function* paperTextBatches(db: Db, size = 500): AsyncIterable<PaperText[]> {
  let after = 0;
  for (;;) {
    const rows = await paperTextsAfter(db, after, size);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** The newest paper id (cheap: the primary key), to tell when papers were added. */
export async function newestPaperId(db: Db): Promise<number> {
  const r = await db.kysely
    .selectFrom('papers')
    .select((e) => e.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

/** How many papers there are. */
export async function paperCount(db: Db): Promise<number> {
  const r = await db.kysely
    .selectFrom('papers')
    .select((e) => e.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
