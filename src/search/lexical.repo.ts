/**
 * Lexical retrieval: SQLite FTS5 (bm25 with column weights) or PostgreSQL weighted
 * tsvector (BM25's idf × ts_rank per word), behind one function. A pass's match plan
 * (passes.ts) is rendered for each engine; it never reaches the database as syntax:
 * every word is bound as a parameter (PostgreSQL) or quoted as an FTS5 string (SQLite),
 * so operators typed by users stay plain characters.
 *
 * Candidate stage: ranking every match of a common term ("learning" matches a third of
 * arXiv CS) costs time proportional to the matches. Both dialects first take at most
 * `candidates` matches, newest first (an index walk, no scoring), and rank only those.
 * Queries with fewer matches than that are ranked exactly; for common-term queries the
 * newest matches are also the most useful ones for a daily-papers site.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { bm25Idf, type ColumnWeights, tsRankWeights } from './bm25.ts';
import { filterOnly, filterSql, ftsString } from './filters.repo.ts';
import type { MatchPlan, Pass, Unit } from './passes.ts';
import { candidateCap, matchesAsBroad, matchPlan, scoredUnits } from './passes.ts';
import { hasText, type ParsedQuery } from './query-parser.ts';
import { bm25Score, EXACT_UP_TO, type IdSpan, keptCounts } from './rank.repo.ts';
import type { Candidate } from './types.ts';

export interface LexicalOptions {
  /** How many ranked results to return. */
  limit: number;
  /** Candidate cap of the ranking stage (see above); the strict pass ranks part of it (passes.ts candidateCap). */
  candidates: number;
  weights: ColumnWeights;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /** Which pass (passes.ts); `all` by default. */
  pass?: Pass;
  /** SQLite: rank with FTS5's own bm25() even when pb_bm25 is loaded (tests compare them). */
  engineRanking?: boolean;
}

/**
 * Ranked matches for one pass over the query's words, phrases, authors and filters,
 * ordered by the query's sort; null when the pass has nothing to add (passes.ts). A
 * query with filters but no words lists matching papers newest first.
 */
export async function lexicalSearch(
  db: Db,
  q: ParsedQuery,
  opts: LexicalOptions,
): Promise<Candidate[] | null> {
  const pass = opts.pass ?? 'all';
  const textual = hasText(q) || q.authors.length > 0;
  if (!textual) return pass === 'all' ? filterOnly(db, q, opts.limit) : null;
  const plan = matchPlan(q, pass, opts.prefix);
  if (!plan) return pass === 'all' ? filterOnly(db, q, opts.limit) : null;
  const capped = { ...opts, candidates: candidateCap(pass, opts.candidates) };
  return db.dialect === 'sqlite' ? sqliteSearch(db, q, plan, capped) : postgresSearch(db, q, plan, capped);
}

// ---------------------------------------------------------------------------- SQLite

/** The FTS5 MATCH expression of a plan. */
export function ftsExpression(plan: MatchPlan): string {
  const clause = (c: Unit[][]) =>
    c.length === 1 && c[0]!.length === 1
      ? ftsUnit(c[0]![0]!)
      : `(${c.map((g) => (g.length === 1 ? ftsUnit(g[0]!) : `(${g.map(ftsUnit).join(' AND ')})`)).join(' OR ')})`;
  let expr = `(${plan.clauses.map(clause).join(' AND ')})`;
  for (const x of plan.excludes) expr = `(${expr} NOT ${ftsString(x)})`;
  return expr;
}

/** One unit as FTS5 text: a phrase, a prefix or a phrase in the authors column. */
function ftsUnit(u: Unit): string {
  if (u.author) return `authors_text : ${ftsString(u.words)}`;
  return u.prefix ? `${ftsString([typedPrefix(u.words[0]!)])}*` : ftsString(u.words);
}

/**
 * The phrases of `ftsExpression(plan)` in FTS5's numbering (the order they appear in the
 * text; the excluded ones come last), each as a MATCH expression of its own: what pb_bm25
 * takes a document count for (rank.repo.ts).
 */
export function ftsPhrases(plan: MatchPlan): { positive: string[]; excluded: number } {
  return { positive: plan.clauses.flatMap((c) => c.flat().map(ftsUnit)), excluded: plan.excludes.length };
}

/**
 * The prefix to search for a word still being typed. The index holds stems, and a
 * half-typed word often runs past its stem ("selecti" → "select"), so long prefixes
 * drop their last two letters.
 */
export function typedPrefix(w: string): string {
  return w.length >= 5 ? w.slice(0, Math.max(4, w.length - 2)) : w;
}

async function sqliteSearch(
  db: Db,
  q: ParsedQuery,
  plan: MatchPlan,
  opts: LexicalOptions,
): Promise<Candidate[]> {
  const match = ftsExpression(plan);
  const { title, authors, abstract } = opts.weights;
  const filters = filterSql(q);
  const join = filters ? sql`JOIN papers p ON p.id = papers_fts.rowid` : sql``;
  const where = filters ? sql`AND ${filters}` : sql``;
  // FTS5's bm25() counts every phrase's papers before its first score: pb_bm25 takes the
  // counts kept per process instead (rank.repo.ts), and lists in their own order need none.
  const score = scoreUnused(q)
    ? sql`0`
    : await bm25Score(db, ftsPhrases(plan), [title, authors, abstract], opts.engineRanking);
  const inner = sql`SELECT papers_fts.rowid AS id, ${score} AS score
    FROM papers_fts ${join}
    WHERE papers_fts MATCH ${match} ${where}
    ORDER BY papers_fts.rowid DESC LIMIT ${opts.candidates}`;
  const rows = await sql<Candidate>`SELECT c.id, c.score FROM (${inner}) c
    ${orderBy(db, q, 'c')} LIMIT ${opts.limit}`.execute(db.kysely);
  return rows.rows;
}

// ------------------------------------------------------------------------ PostgreSQL

/**
 * The tsquery of a plan, built from bound parameters only. `broad` asks for the words of
 * phrases and author names in any order and field, and no exclusions: the form the GIN
 * index answers without reading rows back (see postgresSearch).
 */
function tsQuery(plan: MatchPlan, broad = false): RawBuilder<unknown> {
  const unit = (u: Unit) => unitQuery(u, broad);
  const clause = (c: Unit[][]) =>
    sql`(${sql.join(
      c.map((g) => sql`(${sql.join(g.map(unit), sql` && `)})`),
      sql` || `,
    )})`;
  let expr = sql.join(plan.clauses.map(clause), sql` && `);
  if (!broad)
    for (const x of plan.excludes) expr = sql`(${expr}) && !! phraseto_tsquery('paperboy', ${x.join(' ')})`;
  return expr;
}

/** The tsquery of one unit (see tsQuery). */
function unitQuery(u: Unit, broad = false): RawBuilder<unknown> {
  // Words are letters and digits only (query-parser.words), so `:*` is the only syntax.
  if (u.prefix) return sql`to_tsquery('simple', ${`${typedPrefix(u.words[0]!)}:*`})`;
  if (broad) return sql`plainto_tsquery('paperboy', ${u.words.join(' ')})`;
  // Author words must sit in the authors part of the document (weight B), in order.
  if (u.author) return sql`to_tsquery('paperboy', ${u.words.map((w) => `${w}:B`).join(' <-> ')})`;
  if (u.words.length === 1) return sql`plainto_tsquery('paperboy', ${u.words[0]!})`;
  return sql`phraseto_tsquery('paperboy', ${u.words.join(' ')})`;
}

/**
 * Candidate stage on PostgreSQL: the newest `candidates` papers matching the broad form,
 * then the exact query on those rows only, then ranking.
 * - The newest matches are found by one of two plans, chosen from the planner's own
 *   estimate of the share of papers that match: a common word walks the primary key
 *   backwards until it has enough (few rows to read); anything rarer reads its matches
 *   from the GIN index and keeps the newest. Left to itself the planner walks the key for
 *   words in 2 % of papers too, reading a quarter of the table (1 s at 1M papers).
 * - Both use the query's broad form (phrases and authors as plain words): phrase and
 *   field checks cannot be answered by the index, and a phrase is estimated as if it
 *   were its words, so asked for phrase matches directly the walk can cross the whole
 *   table looking for a rare phrase (6 s at 1M papers).
 */
async function postgresSearch(
  db: Db,
  q: ParsedQuery,
  plan: MatchPlan,
  opts: LexicalOptions,
): Promise<Candidate[]> {
  const tsq = tsQuery(plan);
  const broad = tsQuery(plan, true);
  // Read once for the query: every uncached unit's count and the candidate plan use it.
  const table = await searchTableSize(db);
  const units = scoreUnused(q) ? [] : scoredUnits(plan);
  const score = units.length === 0 ? sql`0::float4` : await idfScore(db, units, opts.weights, table);
  // Where the broad form matches the same papers, the exact check would only read each
  // candidate's tsvector once more.
  const checked = !matchesAsBroad(plan);
  const exact = checked ? sql`WHERE m.doc @@ (${tsq})` : sql``;
  // Every function given a stored tsvector reads it back from TOAST again; a candidate
  // whose tsvector is read more than once (a score of several units, or the exact check
  // and a score) has it read once into memory (`|| ''` copies it) for all of them.
  const reads = units.length + (checked ? 1 : 0);
  const doc = reads > 1 ? sql`i.search_doc || ''::tsvector` : sql`i.search_doc`;
  const { papers, maxId } = table;
  const share = await estimatedShare(db, broad, isOneWord(plan), table);
  const walk = share >= WALK_SHARE;
  // The index plan looks only among the newest papers first, where the newest matches
  // should be (see WINDOW_MARGIN). Inside a caller's transaction the settings below would
  // outlive the query, so it looks everywhere at once there.
  const windowed = !walk && !db.kysely.isTransaction;
  let span = windowed ? Math.ceil((WINDOW_MARGIN * opts.candidates) / Math.max(share, 1e-9)) : papers;
  // The papers' own rows are read only when a filter needs them: the narrow search table
  // holds ~33 rows a page to their ~6 (migration 0022_search_table).
  const filters = filterSql(q);
  const join = filters ? sql`JOIN papers p ON p.id = s.id` : sql``;
  const where = filters ? sql`AND ${filters}` : sql``;
  for (;;) {
    const after = span < papers ? maxId - span : null;
    // `s.id + 0` cannot use the primary key's order, which leaves the planner the index scan.
    const newest = walk ? sql`s.id DESC` : sql`s.id + 0 DESC`;
    const inWindow = after === null ? sql`` : sql`AND s.id > ${after}`;
    // How many matched in the window: fewer than asked means older papers may be missing.
    const found = after === null ? sql`0` : sql`count(*) OVER ()`;
    const inner = sql`SELECT s.id, s.search_doc, s.published_at, ${found} AS found FROM paper_search s ${join}
      WHERE s.search_doc @@ (${broad}) ${inWindow} ${where}
      ORDER BY ${newest} LIMIT ${opts.candidates}`;
    // OFFSET 0 keeps the planner from merging the subquery, which would repeat `doc` per use.
    const ranked = sql`SELECT m.id, ${score} AS score, m.published_at, m.found
      FROM (SELECT i.id, i.published_at, i.found, ${doc} AS doc FROM (${inner}) i OFFSET 0) m ${exact}`;
    const query = sql<WindowedCandidate>`SELECT c.id, c.score, c.found FROM (${ranked}) c
      ${orderBy(db, q, 'c')} LIMIT ${opts.limit}`;
    const rows = db.kysely.isTransaction
      ? await query.execute(db.kysely)
      : await db.transaction(async (tx) => {
          await sql`SELECT ${planSettings(after !== null)}`.execute(tx.kysely);
          return query.execute(tx.kysely);
        });
    // How many matched in the window (none asked without one: the whole table was read).
    const inside = after === null ? Number.POSITIVE_INFINITY : Number(rows.rows[0]?.found ?? 0);
    if (inside >= opts.candidates) return rows.rows.map(({ id, score }) => ({ id, score }));
    // Too few in the window (the estimate was high, or the matches are old): the next
    // window is sized from the share this one held, and grows at least WINDOW_MARGIN-fold.
    span = inside === 0 ? papers : Math.ceil((span * WINDOW_MARGIN * opts.candidates) / inside);
  }
}

/**
 * The score of a candidate `m.doc` on PostgreSQL: BM25's idf of each unit (word, phrase,
 * prefix or author name; `scoredUnits`, distinct and at least one) × `ts_rank` of that
 * unit alone, summed. ts_rank and ts_rank_cd weigh every word of a query alike, so a
 * claim's common words outvote its rare ones (SciFact nDCG@10 0.4848 with ts_rank_cd
 * against 0.69 this way; docs/SEARCH.md).
 * The units' document counts are kept per process (rank.repo.ts keptCounts).
 */
async function idfScore(db: Db, units: Unit[], weights: ColumnWeights, table: TableSize) {
  const byKey = new Map(units.map((u) => [JSON.stringify(u), u]));
  const { counts, ids } = await keptCounts(db, [...byKey.keys()], (key, span) =>
    unitCount(db, byKey.get(key)!, span, table),
  );
  const w = `{${tsRankWeights(weights).join(', ')}}`;
  const terms = units.map(
    (u, i) =>
      sql`${bm25Idf(counts[i]!, ids.span)}::float4 * ts_rank(${w}::float4[], m.doc, ${unitQuery(u)}, 0)`,
  );
  return sql`(${sql.join(terms, sql` + `)})`;
}

/**
 * Papers matching one unit: up to EXACT_UP_TO papers the GIN index's count; beyond, the
 * planner's estimate (its statistics hold the commonest words' shares), and for one word
 * estimated under COUNT_BELOW (a flat guess for any word outside the statistics) the
 * index's count. A phrase's words are never counted together there: intersecting the
 * lists of common words took 1.3 s for a four-word phrase at 1M papers.
 */
async function unitCount(db: Db, u: Unit, ids: IdSpan, table: TableSize): Promise<number> {
  const tsq = unitQuery(u);
  if (ids.span <= EXACT_UP_TO && !db.kysely.isTransaction) return indexMatches(db, tsq, 0);
  const share = await estimatedShare(db, tsq, u.words.length === 1 && !u.prefix, table);
  return Math.round(share * table.papers);
}

/**
 * Planner settings for the candidate query, local to its transaction:
 * - `work_mem`: the GIN and primary-key bitmaps of a common word hold ~100,000 rows; in
 *   the default 4 MB they turn lossy, and a lossy page is rechecked row by row, reading
 *   every paper's tsvector on it ("graph" at 1M papers: 917,000 buffers against 89,000).
 * - `jit`: compiling the plan of an unbounded index read (cost above `jit_above_cost`)
 *   took 45 ms and saved nothing measurable.
 * - `enable_indexscan` (windowed queries): given an id range the planner walks the
 *   primary key through it and reads every paper's tsvector to test it (100,000 rows for
 *   a word in 10 % of 1M papers, 6 s); without index scans it AND-s the GIN and key
 *   bitmaps and reads only the matches.
 */
function planSettings(windowed: boolean): RawBuilder<unknown> {
  const base = sql`set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`;
  return windowed ? sql`${base}, set_config('enable_indexscan', 'off', true)` : base;
}

type WindowedCandidate = Candidate & { found: number | string };

/**
 * From this share of matching papers on, walking the primary key finds the newest
 * matches sooner than the windowed index plan. The walk reads every paper it passes
 * (its tsvector too, to test it), 1 / share papers per match; the index plan builds a
 * bitmap of all the word's matches (~0.6 µs each). Measured at 1M papers, warm, ranking
 * included, walk / window: a word in 12 % of papers 260 / 88 ms, 17 % 150 / 125 ms,
 * 26 % 60 / 125 ms, 45 % 37 / 155 ms.
 */
const WALK_SHARE = 0.2;

/**
 * The index plan first reads the matches among the newest `WINDOW_MARGIN × candidates /
 * share` papers only (the GIN bitmap AND-ed with a primary-key range), so a word in 5 %
 * of a million papers reads ~10,000 rows instead of its 50,000; when the window holds
 * fewer than `candidates` matches (the estimate was high) the query runs again over a
 * window sized from the share found in it, and unbounded when that covers the table.
 */
const WINDOW_MARGIN = 2;

/**
 * Below this estimated share the planner's figure for one word is not trusted: a word
 * outside its statistics gets a flat guess (0.5 % at 1M papers, for words in 215 papers
 * and in 32,000 alike), and the index's own count is cheap there (proportional to the
 * matches). Estimates of several words were close (11,462 for 11,588; 19,114 for 16,986),
 * and counting them costs the index's whole work once more (up to ~40 ms).
 */
const COUNT_BELOW = 0.02;

/** True when the broad form of a plan is one word: what the planner may only guess at. */
function isOneWord(plan: MatchPlan): boolean {
  const units = plan.clauses.flat(2);
  return units.length === 1 && units[0]!.words.length === 1 && !units[0]!.prefix;
}

/** The search table's estimated size (the planner's, no scan) and its highest id. */
interface TableSize {
  papers: number;
  maxId: number;
}

async function searchTableSize(db: Db): Promise<TableSize> {
  const r = await sql<{ n: number; max_id: number | null }>`SELECT greatest(reltuples, 1)::float8 AS n,
    (SELECT max(id) FROM paper_search) AS max_id FROM pg_class WHERE oid = 'paper_search'::regclass`.execute(
    db.kysely,
  );
  return { papers: Number(r.rows[0]?.n ?? 1), maxId: Number(r.rows[0]?.max_id ?? 0) };
}

/**
 * The share of the table's papers matching `tsq`: the planner's estimate (its statistics,
 * no scan), or for one word estimated rare, the number of matches the GIN index finds.
 */
async function estimatedShare(
  db: Db,
  tsq: RawBuilder<unknown>,
  oneWord: boolean,
  { papers }: TableSize,
): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`EXPLAIN (FORMAT JSON)
    SELECT 1 FROM paper_search s WHERE s.search_doc @@ (${tsq})`.execute(db.kysely);
  const estimate = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
  const rows =
    oneWord && estimate / papers < COUNT_BELOW && !db.kysely.isTransaction
      ? await indexMatches(db, tsq, estimate)
      : estimate;
  return rows / papers;
}

interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

/**
 * How many papers match `tsq` by the GIN index alone: the bitmap of a bitmap scan is
 * complete before its first row is read, so with `LIMIT 1` one paper is read, and the
 * index scan's actual rows are the count (32,000 matches: ~30 ms, against ~290 ms to read
 * them all). `fallback` when the plan has no such scan.
 */
export async function indexMatches(db: Db, tsq: RawBuilder<unknown>, fallback: number): Promise<number> {
  const plan = await db.transaction(async (tx) => {
    await sql`SELECT ${planSettings(true)}, set_config('enable_seqscan', 'off', true)`.execute(tx.kysely);
    return sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF, FORMAT JSON)
      SELECT 1 FROM paper_search s WHERE s.search_doc @@ (${tsq}) LIMIT 1`.execute(tx.kysely);
  });
  const find = (n: PlanNode | undefined): PlanNode | undefined =>
    !n || n['Node Type'] === 'Bitmap Index Scan' ? n : (n.Plans ?? []).map(find).find(Boolean);
  return find(plan.rows[0]?.['QUERY PLAN'][0]?.Plan)?.['Actual Rows'] ?? fallback;
}

// ------------------------------------------------------------------------- shared

/**
 * Lists in an order of their own (newest, or no words to rank by: `author:` alone) never
 * read the score, and computing it is most of a query's cost: FTS5's bm25() counts each
 * word's papers across the whole index (an `author:wang` query at 1M papers), and
 * PostgreSQL's ts_rank reads every candidate's tsvector.
 */
function scoreUnused(q: ParsedQuery): boolean {
  return q.sort === 'newest' || (q.sort === 'relevance' && !hasText(q));
}

/** The list's order. */
function orderBy(db: Db, q: ParsedQuery, alias: 'c') {
  const a = sql.raw(alias);
  // SQLite reads the date from a narrow index, not the paper's whole row (0021_keyword);
  // PostgreSQL's candidates carry it from the search table (0022_search_table).
  const published =
    db.dialect === 'sqlite'
      ? sql`(SELECT published_at FROM papers INDEXED BY papers_id_published WHERE id = ${a}.id)`
      : sql`${a}.published_at`;
  const upvotes = sql`(SELECT upvotes FROM papers WHERE id = ${a}.id)`;
  if (scoreUnused(q)) return sql`ORDER BY ${published} DESC, ${a}.id DESC`;
  if (q.sort === 'upvotes') return sql`ORDER BY ${upvotes} DESC, ${a}.score DESC, ${a}.id DESC`;
  return sql`ORDER BY ${a}.score DESC, ${a}.id DESC`;
}
