/**
 * The keyword score on SQLite: FTS5's bm25() with column weights, but with each phrase's
 * document count kept per process instead of recounted by every statement.
 *
 * bm25() counts the papers holding each phrase of the query (its whole doclist) before its
 * first score, on every statement: at a million papers that count is most of a keyword
 * query's time ("model" is in 950,000 papers). `pb_bm25` (native/bm25.c, built at install
 * by scripts/build-native.js and loaded per connection) is the same function taking those
 * counts as arguments; they come from here:
 * - up to EXACT_UP_TO papers, counted exactly: scores equal bm25()'s to the last bit;
 * - beyond, a phrase with more than SAMPLE matches is estimated from how far back its
 *   newest SAMPLE matches reach (FTS5 walks a doclist newest first and stops, as in the
 *   candidate stage): `SAMPLE × id span / ids reached`. 2,000 matches give a median error
 *   of ~1 % (IDF off by ~0.01); fewer are counted exactly, by the same walk.
 * - none at all when the query has one phrase (exclusions aside, whose count multiplies
 *   nothing): its IDF then scales every score alike, so the order is bm25()'s without it.
 *   That is the case that pays most: a rare phrase of common words ("as continuous" in
 *   quotes) is counted by checking positions over both words' whole doclists.
 * Counts are kept until the papers change (the papers data version). Without the library
 * (no C compiler at install) the score is bm25() itself, in the same order.
 *
 * PostgreSQL's ranking keeps its units' counts in the same cache (`keptCounts`), counted
 * its own way (lexical.repo.ts `unitCount`).
 */
import { fileURLToPath } from 'node:url';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { dataVersions } from '../feed/version.repo.ts';

/** The extension, without the platform's suffix (SQLite adds .so / .dylib / .dll). */
const LIBRARY = fileURLToPath(new URL('../../dist/native/pb_bm25', import.meta.url));
/** Up to this many papers (by id span), every count is exact. */
export const EXACT_UP_TO = 100_000;
/** Beyond, phrases with more matches than this are estimated from their newest ones. */
const SAMPLE = 2_000;
/** Most counts kept per connection; the cache is emptied past it. */
const KEPT = 20_000;

const loaded = new WeakMap<object, boolean>();

/** True when `pb_bm25` is available on this connection (loaded on first call). */
export function nativeRanking(db: Db): boolean {
  const handle = db.sqlite;
  if (!handle) return false;
  let ok = loaded.get(handle);
  if (ok === undefined) {
    try {
      handle.loadExtension(LIBRARY);
      ok = true;
    } catch {
      ok = false;
    }
    loaded.set(handle, ok);
  }
  return ok;
}

/**
 * The score expression for `papers_fts` rows matched by an expression with these phrases
 * (ftsPhrases, in the expression's order), higher is better. `engine` forces bm25().
 */
export async function bm25Score(
  db: Db,
  phrases: { positive: string[]; excluded: number },
  weights: [number, number, number],
  engine = false,
): Promise<RawBuilder<unknown>> {
  const w = sql.join(weights);
  if (engine || !nativeRanking(db)) return sql`-bm25(papers_fts, ${w})`;
  const counts = phrases.positive.length === 1 ? [1] : await phraseCounts(db, phrases.positive);
  return sql`-pb_bm25(papers_fts, ${w}, ${sql.join([...counts, ...Array(phrases.excluded).fill(0)])})`;
}

interface Counts {
  version: number;
  span: number;
  maxId: number;
  byKey: Map<string, number>;
}
const caches = new WeakMap<object, Counts>();

/** The papers' id span and highest id, as the counts below see them. */
export type IdSpan = Pick<Counts, 'span' | 'maxId'>;

/**
 * How many papers hold each key, counted by `count` only for keys not kept yet: the
 * counts of one process, kept until the papers change (their data version). Both
 * engines' rankings take their document counts from here.
 */
export async function keptCounts(
  db: Db,
  keys: string[],
  count: (key: string, ids: IdSpan) => Promise<number>,
): Promise<{ counts: number[]; ids: IdSpan }> {
  const handle = db.sqlite ?? db;
  const version = (await dataVersions(db)).get('papers') ?? 0;
  let cache = caches.get(handle);
  if (!cache || cache.version !== version || cache.byKey.size > KEPT) {
    // Two subqueries: min() and max() in one SELECT scan the whole table.
    const r = await sql<{ lo: number | null; hi: number | null }>`SELECT (SELECT min(id) FROM papers) AS lo,
      (SELECT max(id) FROM papers) AS hi`.execute(db.kysely);
    const { lo, hi } = r.rows[0] ?? { lo: null, hi: null };
    cache = { version, span: hi === null ? 0 : hi - (lo ?? hi) + 1, maxId: hi ?? 0, byKey: new Map() };
    caches.set(handle, cache);
  }
  const out: number[] = [];
  for (const key of keys) {
    let n = cache.byKey.get(key);
    if (n === undefined) {
      n = await count(key, cache);
      cache.byKey.set(key, n);
    }
    out.push(n);
  }
  return { counts: out, ids: cache };
}

/** How many papers hold each phrase (an FTS5 MATCH expression), exact or estimated (above). */
export async function phraseCounts(db: Db, phrases: string[]): Promise<number[]> {
  const kept = await keptCounts(db, phrases, async (phrase, ids) => {
    const exact = ids.span <= EXACT_UP_TO;
    const r = await sql<{ n: number; oldest: number | null }>`SELECT count(*) AS n, min(rowid) AS oldest
      FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${phrase}
        ORDER BY rowid DESC LIMIT ${exact ? -1 : SAMPLE})`.execute(db.kysely);
    const { n: found, oldest } = r.rows[0]!;
    return exact ? Number(found) : estimatedCount(Number(found), oldest, ids);
  });
  return kept.counts;
}

/**
 * Papers holding a phrase, from its newest matches (at most SAMPLE, the oldest of them
 * `oldest`) among papers whose ids span `span` up to `maxId`: exact when fewer than
 * SAMPLE matched, else the matches' density in the ids they reach, over the whole span.
 */
export function estimatedCount(found: number, oldest: number | null, papers: IdSpan): number {
  if (found < SAMPLE || oldest === null) return found;
  return Math.round((found * papers.span) / (papers.maxId - oldest + 1));
}
