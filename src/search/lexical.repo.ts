/**
 * Lexical retrieval: SQLite FTS5 (bm25 with column weights) or PostgreSQL weighted
 * tsvector (ts_rank), behind one function. The parsed query never reaches the database
 * as syntax: every word is bound as a parameter (PostgreSQL) or quoted as an FTS5
 * string (SQLite), so operators typed by users stay plain characters.
 *
 * Candidate stage: ranking every match of a common term ("learning" matches a third of
 * arXiv CS) costs time proportional to the matches. Both dialects first take at most
 * `candidates` matches, newest first (an index walk, no scoring), and rank only those.
 * Queries with fewer matches than that are ranked exactly; for common-term queries the
 * newest matches are also the most useful ones for a daily-papers site.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { contentTerms, hasText, type ParsedQuery, STOPWORDS } from './query-parser.ts';
import { editDistance, stemVariants } from './spelling.ts';
import type { Candidate } from './types.ts';

export interface ColumnWeights {
  title: number;
  authors: number;
  abstract: number;
}

export interface LexicalOptions {
  /** How many ranked results to return. */
  limit: number;
  /** Candidate cap of the ranking stage (see above). */
  candidates: number;
  weights: ColumnWeights;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /**
   * Any content word may match (bm25 ranks papers with more of them higher) instead of
   * every word: the relaxed pass for long, sentence-like queries.
   */
  any?: boolean;
}

/**
 * Ranked matches for the query's words, phrases, authors and filters, ordered by the
 * query's sort. A query with filters but no words lists matching papers newest first.
 */
export async function lexicalSearch(db: Db, q: ParsedQuery, opts: LexicalOptions): Promise<Candidate[]> {
  const textual = hasText(q) || q.authors.length > 0;
  if (!textual) return filterOnly(db, q, opts.limit);
  return db.dialect === 'sqlite' ? sqliteSearch(db, q, opts) : postgresSearch(db, q, opts);
}

// ---------------------------------------------------------------------------- SQLite

/** An FTS5 string literal: the tokenizer sees the words, the parser sees no operator. */
function ftsString(words: string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

/** The FTS5 MATCH expression of the positive parts, or null when there are none. */
export function ftsExpression(
  q: ParsedQuery,
  prefix = false,
  replace?: Map<string, string>,
  any = false,
): string | null {
  const parts: string[] = [];
  if (any) {
    const ws = contentTerms(q);
    if (ws.length > 0) parts.push(`(${ws.map((w) => ftsString([w])).join(' OR ')})`);
  } else {
    const hasContent = q.terms.some((t) => !STOPWORDS.has(t));
    q.terms.forEach((t, i) => {
      const typing = prefix && i === q.terms.length - 1;
      // A function word narrows nothing but makes FTS5 walk a doclist as long as the
      // corpus ("by": most of a million papers), so it is left out when other words remain.
      if (hasContent && !typing && STOPWORDS.has(t)) return;
      const fixed = replace?.get(t);
      if (fixed) parts.push(`${ftsString([fixed])}*`);
      else parts.push(typing ? `${ftsString([typedPrefix(t)])}*` : ftsString([t]));
    });
  }
  for (const p of q.phrases) parts.push(ftsString(p));
  for (const a of q.authors) parts.push(`authors_text : ${ftsString(a)}`);
  if (parts.length === 0) return null;
  let expr = `(${parts.join(' AND ')})`;
  for (const x of q.excludes) expr = `(${expr} NOT ${ftsString(x)})`;
  return expr;
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
  opts: LexicalOptions,
  replace?: Map<string, string>,
): Promise<Candidate[]> {
  const match = ftsExpression(q, opts.prefix, replace, opts.any);
  if (!match) return filterOnly(db, q, opts.limit);
  const { title, authors, abstract } = opts.weights;
  const filters = filterSql(q);
  const join = filters ? sql`JOIN papers p ON p.id = papers_fts.rowid` : sql``;
  const where = filters ? sql`AND ${filters}` : sql``;
  const inner = sql`SELECT papers_fts.rowid AS id, -bm25(papers_fts, ${title}, ${authors}, ${abstract}) AS score
    FROM papers_fts ${join}
    WHERE papers_fts MATCH ${match} ${where}
    ORDER BY papers_fts.rowid DESC LIMIT ${opts.candidates}`;
  const rows = await sql<Candidate>`SELECT c.id, c.score FROM (${inner}) c
    ${orderBy(q, 'c')} LIMIT ${opts.limit}`.execute(db.kysely);
  return rows.rows;
}

/**
 * Typo tolerance (SQLite): words of the query with no match at all are replaced by the
 * closest title word in the index vocabulary (edit distance ≤ 1, ≤ 2 for long words),
 * searched as a prefix so the stored stem matches every inflection.
 */
export async function correctedSearch(
  db: Db,
  q: ParsedQuery,
  opts: LexicalOptions,
): Promise<{ hits: Candidate[]; corrections: Map<string, string> } | null> {
  if (q.terms.length === 0) return null;
  const corrections = new Map<string, string>();
  if (db.dialect === 'sqlite') {
    for (const t of q.terms) {
      if (t.length < 4 || (await sqliteTermExists(db, t))) continue;
      const fix = await closestVocabularyTerm(db, t);
      if (fix) corrections.set(t, fix);
    }
    if (corrections.size === 0) return null;
    return { hits: await sqliteSearch(db, q, opts, corrections), corrections };
  }
  // PostgreSQL: trigram word similarity between the query and titles (pg_trgm).
  if (!(await hasTrigramIndex(db))) return null;
  const text = q.terms.join(' ');
  const hits = await db.kysely.transaction().execute(async (trx) => {
    // The default threshold (0.6) misses one typo in a long word; 0.4 still needs most trigrams.
    await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.4', true)`.execute(trx);
    const rows = await sql<Candidate>`SELECT p.id, word_similarity(${text}, lower(p.title)) AS score
      FROM papers p WHERE ${text} <% lower(p.title) ${filterAnd(q)}
      ORDER BY score DESC, p.id DESC LIMIT ${opts.limit}`.execute(trx);
    return rows.rows;
  });
  return hits.length > 0 ? { hits, corrections } : null;
}

async function sqliteTermExists(db: Db, term: string): Promise<boolean> {
  const r = await sql`SELECT 1 FROM papers_fts WHERE papers_fts MATCH ${ftsString([term])} LIMIT 1`.execute(
    db.kysely,
  );
  return r.rows.length > 0;
}

async function closestVocabularyTerm(db: Db, word: string): Promise<string | null> {
  // Typos rarely hit the first letter; scanning one letter's slice of the vocabulary
  // keeps this bounded even at a million titles.
  const first = word[0]!;
  const next = String.fromCodePoint(first.codePointAt(0)! + 1);
  const rows = await sql<{ term: string; doc: number }>`SELECT term, doc FROM papers_fts_vocab
    WHERE col = 'title' AND term >= ${first} AND term < ${next}
      AND length(term) BETWEEN ${Math.max(2, word.length - 4)} AND ${word.length + 2}`.execute(db.kysely);
  const maxDist = word.length >= 8 ? 2 : 1;
  const variants = stemVariants(word);
  let best: { term: string; dist: number; doc: number } | null = null;
  for (const r of rows.rows) {
    let dist = Number.POSITIVE_INFINITY;
    for (const v of variants) dist = Math.min(dist, editDistance(v, r.term, maxDist));
    // A stem is a prefix of its words: compare the typed word's start when the cut is plausible.
    if (r.term.length >= 5 && word.length - r.term.length <= 4)
      dist = Math.min(dist, editDistance(word.slice(0, r.term.length), r.term, maxDist) + 0.5);
    if (dist > maxDist) continue;
    if (!best || dist < best.dist || (dist === best.dist && r.doc > best.doc))
      best = { term: r.term, dist, doc: r.doc };
  }
  return best?.term ?? null;
}

// ------------------------------------------------------------------------ PostgreSQL

/**
 * The tsquery of the positive parts, built from bound parameters only. `broad` asks for
 * the words of phrases and author names in any order and field, and no exclusions: the
 * form the GIN index answers without reading rows back (see postgresSearch).
 */
function tsQuery(q: ParsedQuery, prefix = false, any = false, broad = false): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (any) {
    const ws = contentTerms(q);
    if (ws.length > 0)
      parts.push(
        sql`(${sql.join(
          ws.map((w) => sql`plainto_tsquery('paperboy', ${w})`),
          sql` || `,
        )})`,
      );
  } else
    q.terms.forEach((t, i) => {
      // Words are letters and digits only (query-parser.words), so `:*` is the only syntax.
      if (prefix && i === q.terms.length - 1) parts.push(sql`to_tsquery('simple', ${`${typedPrefix(t)}:*`})`);
      else parts.push(sql`plainto_tsquery('paperboy', ${t})`);
    });
  for (const p of q.phrases)
    parts.push(
      broad
        ? sql`plainto_tsquery('paperboy', ${p.join(' ')})`
        : sql`phraseto_tsquery('paperboy', ${p.join(' ')})`,
    );
  // Author words must sit in the authors part of the document (weight B), in order.
  for (const a of q.authors)
    parts.push(
      broad
        ? sql`plainto_tsquery('paperboy', ${a.join(' ')})`
        : sql`to_tsquery('paperboy', ${a.map((w) => `${w}:B`).join(' <-> ')})`,
    );
  if (parts.length === 0) return null;
  let expr = sql.join(parts, sql` && `);
  if (!broad)
    for (const x of q.excludes) expr = sql`(${expr}) && !! phraseto_tsquery('paperboy', ${x.join(' ')})`;
  return expr;
}

/**
 * Candidate stage on PostgreSQL: the newest `candidates` papers having every word, then
 * the exact query on those rows only, then ranking.
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
async function postgresSearch(db: Db, q: ParsedQuery, opts: LexicalOptions): Promise<Candidate[]> {
  const tsq = tsQuery(q, opts.prefix, opts.any);
  const broad = tsQuery(q, opts.prefix, opts.any, true);
  if (!tsq || !broad) return filterOnly(db, q, opts.limit);
  const { title, authors, abstract } = opts.weights;
  // ts_rank's weight array is {D, C, B, A}; scaled so the largest is 1.
  const max = Math.max(title, authors, abstract, 1e-9);
  const w = `{0, ${abstract / max}, ${authors / max}, ${title / max}}`;
  const walk = (await estimatedShare(db, broad)) >= WALK_SHARE;
  // `p.id + 0` cannot use the primary key's order, which leaves the planner the index scan.
  const newest = walk ? sql`p.id DESC` : sql`p.id + 0 DESC`;
  const inner = sql`SELECT p.id, p.search_doc FROM papers p
    WHERE p.search_doc @@ (${broad}) ${filterAnd(q)}
    ORDER BY ${newest} LIMIT ${opts.candidates}`;
  const ranked = sql`SELECT m.id, ts_rank_cd(${w}::float4[], m.search_doc, (${tsq}), 1) AS score FROM (${inner}) m
    WHERE m.search_doc @@ (${tsq})`;
  const rows = await sql<Candidate>`SELECT c.id, c.score FROM (${ranked}) c
    ${orderBy(q, 'c')} LIMIT ${opts.limit}`.execute(db.kysely);
  return rows.rows;
}

/**
 * From this share of matching papers on, walking the primary key finds the newest
 * matches sooner than reading them all from the index (measured at 1M papers: a word in
 * 9 % of papers costs 290 ms by index and 520 ms by walk; one in 50 %, 3.4 s and 40 ms).
 */
const WALK_SHARE = 0.12;

/** The planner's estimate of the share of papers matching `tsq` (its statistics, no scan). */
async function estimatedShare(db: Db, tsq: RawBuilder<unknown>): Promise<number> {
  const plan = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`EXPLAIN (FORMAT JSON)
    SELECT 1 FROM papers p WHERE p.search_doc @@ (${tsq})`.execute(db.kysely);
  const rows = plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
  const total = await sql<{ n: number }>`SELECT greatest(reltuples, 1)::float8 AS n FROM pg_class
    WHERE oid = 'papers'::regclass`.execute(db.kysely);
  return rows / Number(total.rows[0]?.n ?? 1);
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

// ------------------------------------------------------------------------- shared

function orderBy(q: ParsedQuery, alias: 'c') {
  const a = sql.raw(alias);
  if (q.sort === 'newest' || (q.sort === 'relevance' && !hasText(q)))
    return sql`ORDER BY (SELECT published_at FROM papers WHERE id = ${a}.id) DESC, ${a}.id DESC`;
  if (q.sort === 'upvotes')
    return sql`ORDER BY (SELECT upvotes FROM papers WHERE id = ${a}.id) DESC, ${a}.score DESC, ${a}.id DESC`;
  return sql`ORDER BY ${a}.score DESC, ${a}.id DESC`;
}

/** Papers matching only filters (no words): newest first, or by upvotes. */
async function filterOnly(db: Db, q: ParsedQuery, limit: number): Promise<Candidate[]> {
  const order =
    q.sort === 'upvotes'
      ? sql`ORDER BY p.upvotes DESC, p.id DESC`
      : sql`ORDER BY p.published_at DESC, p.id DESC`;
  const rows = await sql<Candidate>`SELECT p.id, 0 AS score FROM papers p
    WHERE 1 = 1 ${filterAnd(q)} ${excludesAnd(db, q)} ${order} LIMIT ${limit}`.execute(db.kysely);
  return rows.rows;
}

/** Excluded words when there is nothing positive to put them against in the text index. */
function excludesAnd(db: Db, q: ParsedQuery) {
  if (q.excludes.length === 0) return sql``;
  if (db.dialect === 'sqlite') {
    const any = q.excludes.map(ftsString).join(' OR ');
    return sql`AND p.id NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${any})`;
  }
  const parts = q.excludes.map((x) => sql`p.search_doc @@ phraseto_tsquery('paperboy', ${x.join(' ')})`);
  return sql`AND NOT (${sql.join(parts, sql` OR `)})`;
}

/**
 * The candidates (from another retriever, e.g. semantic) that satisfy the query's
 * filters, authors and exclusions, in their order: semantic hits must obey `cat:`,
 * `year:`, `author:` and `-word` like keyword hits do.
 */
export async function keepMatchingFilters(db: Db, q: ParsedQuery, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const authors =
    q.authors.length === 0
      ? sql``
      : db.dialect === 'sqlite'
        ? sql`AND p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${q.authors
            .map((a) => `authors_text : ${ftsString(a)}`)
            .join(' AND ')})`
        : sql`AND p.search_doc @@ (${sql.join(
            q.authors.map((a) => sql`to_tsquery('paperboy', ${a.map((w) => `${w}:B`).join(' <-> ')})`),
            sql` && `,
          )})`;
  const r = await sql<{ id: number }>`SELECT p.id FROM papers p WHERE p.id IN (${sql.join(ids)})
    ${filterAnd(q)} ${excludesAnd(db, q)} ${authors}`.execute(db.kysely);
  return new Set(r.rows.map((x) => x.id));
}

/** True when the query restricts results beyond its words (filters, authors, exclusions). */
export function hasRestrictions(q: ParsedQuery): boolean {
  return filterSql(q) !== null || q.authors.length > 0 || q.excludes.length > 0;
}

function filterAnd(q: ParsedQuery) {
  const f = filterSql(q);
  return f ? sql`AND ${f}` : sql``;
}

/** The non-text filters over `papers p`, or null when there are none. */
function filterSql(q: ParsedQuery): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (q.categories.length > 0) {
    const cats = q.categories.map((c) =>
      c.includes('.')
        ? sql`pc.category = ${c}`
        : // An archive: `cs` means cs itself and every cs.* class ('/' sorts right after '.').
          sql`(pc.category = ${c} OR (pc.category > ${`${c}.`} AND pc.category < ${`${c}/`}))`,
    );
    parts.push(
      sql`EXISTS (SELECT 1 FROM paper_categories pc WHERE pc.paper_id = p.id AND (${sql.join(cats, sql` OR `)}))`,
    );
  }
  if (q.after) parts.push(sql`p.published_at >= ${q.after}`);
  // Instants are ISO strings: every instant of that day sorts before `YYYY-MM-DDU`.
  if (q.before) parts.push(sql`p.published_at < ${`${q.before}U`}`);
  if (q.hasCode) parts.push(sql`(p.github_repo IS NOT NULL OR p.code_links <> '[]')`);
  if (q.featured !== undefined) {
    const ex = sql`EXISTS (SELECT 1 FROM daily_entries e WHERE e.paper_id = p.id AND e.hidden = 0)`;
    parts.push(q.featured ? ex : sql`NOT ${ex}`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : null;
}

/** Ids of papers whose title is exactly the text (case-insensitive), for pinning. */
export async function exactTitleMatch(db: Db, text: string): Promise<number | null> {
  const t = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (t.length < 8) return null;
  const r = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where(sql`lower(title)`, '=', t)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.id ?? null;
}
