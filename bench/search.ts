/**
 * Search benchmark: prints JSON.
 *
 *   npm run bench:search                                   # the 22k real CS papers, SQLite + PostgreSQL
 *   npm run bench:search -- --size 1000000                 # 1M papers generated from the real ones
 *   npm run bench:search -- --size 1000000 --vectors 1000000 --dialects sqlite
 *
 * For each database: load time, index build time, on-disk size, then 500 realistic
 * queries through the real use case (`searchPapers`, lexical mode, 10 results) with p50 /
 * p95 overall and by kind of query, and in the same run the raw engine query as baseline
 * (FTS5 `MATCH … ORDER BY rank LIMIT 10`; PostgreSQL `@@ … ORDER BY ts_rank LIMIT 10`)
 * with the ratio. With --vectors: k-NN p50 / p95 over that many synthetic 384-dimension
 * embeddings (in-memory binary prefilter + float rerank) at several prefilter depths,
 * with recall@10 against exact search. Finally the real server (`paperboy serve`) in a
 * child process over the same database: API latency and the server's RSS while serving.
 * PostgreSQL runs when DATABASE_URL is set. --keep leaves the databases in place (their
 * names are printed); --sqlite-file FILE / --pg-database NAME measure a kept one again;
 * --vectors-only measures k-NN alone (no keyword queries, no server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEFAULT_SHORTLIST } from '../src/search/binary-index.ts';
import { ftsExpression } from '../src/search/lexical.repo.ts';
import { matchPlan } from '../src/search/passes.ts';
import { parseQuery } from '../src/search/query-parser.ts';
import { nativeRanking } from '../src/search/rank.repo.ts';
import { type SearchSettings, searchPapers } from '../src/search/search.ts';
import { searchSettings } from '../src/search/settings.ts';
import { ensureVectorTables, nearestPapers, warmVectorIndex } from '../src/search/vectors.repo.ts';
import { fixedClock } from '../src/shared/clock.ts';
import {
  type BenchPaper,
  benchQueries,
  COMMON,
  loadRealPapers,
  pseudoEmbedder,
  round,
  stats,
  syntheticPapers,
} from './search-corpus.ts';
import { loadPostgres, loadSqlite } from './search-load.ts';
import { processMemoryMb, startServer } from './server.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string' },
    queries: { type: 'string', default: '500' },
    dialects: { type: 'string', default: process.env.DATABASE_URL ? 'sqlite,postgres' : 'sqlite' },
    vectors: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    // Vectors only: no keyword queries and no server (SQLite; with --sqlite-file, no load either).
    'vectors-only': { type: 'boolean', default: false },
    // k-NN candidate depths measured, as multiples of the 10 results.
    oversample: { type: 'string', default: '10,30,60,100' },
    // Hamming shortlist depths measured (SQLite's in-memory index; default: the index's own).
    shortlist: { type: 'string', default: String(DEFAULT_SHORTLIST) },
    // Re-measure a database kept by an earlier --keep run instead of loading one.
    'sqlite-file': { type: 'string' },
    'pg-database': { type: 'string' },
  },
});

const clock = fixedClock('2026-07-02T00:00:00Z');
const settings: SearchSettings = searchSettings(loadConfig({}));
const real = await loadRealPapers();
const size = args.size ? Number(args.size) : real.length;
const corpus = (): Iterable<BenchPaper> => (args.size ? syntheticPapers(real, size) : real);
const queries = benchQueries(real, Number(args.queries));
const out: Record<string, unknown> = {
  corpus: args.size
    ? `synthetic from ${real.length} real CS papers`
    : 'real CS papers (daily-arxiv-ai-enhanced)',
  papers: size,
  queries: queries.length,
  machine: {
    cpus: os.cpus().length,
    node: process.version,
    loadavg_at_start: os.loadavg().map((l) => round(l)),
  },
};

/** What a bench query is, for the per-kind breakdown. */
function kindOf(q: string): string {
  if (q.startsWith('author:')) return 'author';
  if (q.startsWith('"')) return 'phrase';
  return COMMON.includes(q) ? 'common_term' : 'title_fragment';
}

async function timeQueries(run: (q: string) => Promise<unknown>, byKind = false) {
  for (const q of queries.slice(0, 50)) await run(q); // warm caches
  const ms: number[] = [];
  const kinds = new Map<string, number[]>();
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    const d = performance.now() - t;
    ms.push(d);
    const k = kindOf(q);
    kinds.set(k, [...(kinds.get(k) ?? []), d]);
  }
  return byKind
    ? {
        ...stats(ms),
        by_kind: Object.fromEntries([...kinds].map(([k, v]) => [k, { n: v.length, ...stats(v) }])),
      }
    : stats(ms);
}

async function benchLexical(db: Db) {
  const ours = await timeQueries(
    (q) => searchPapers({ db, clock, settings }, q, { mode: 'lexical', limit: 10 }),
    true,
  );
  let raw: ReturnType<typeof stats>;
  if (db.dialect === 'sqlite') {
    const stmt = db.sqlite!.prepare(
      'SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 10',
    );
    raw = await timeQueries(async (q) => {
      const plan = matchPlan(parseQuery(q), 'all');
      return plan ? stmt.all(ftsExpression(plan)) : [];
    }, true);
  } else {
    raw = await timeQueries(async (q) => {
      const text = parseQuery(q).text || q;
      return sql`SELECT id FROM paper_search WHERE search_doc @@ plainto_tsquery('paperboy', ${text})
        ORDER BY ts_rank(search_doc, plainto_tsquery('paperboy', ${text})) DESC LIMIT 10`.execute(db.kysely);
    }, true);
  }
  return {
    // SQLite: pb_bm25 (built at install) or, without a C compiler, FTS5's bm25().
    ...(db.dialect === 'sqlite' ? { ranker: nativeRanking(db) ? 'pb_bm25' : 'bm25' } : {}),
    searchPapers_ms: ours,
    raw_ms: raw,
    ratio: { p50: round(ours.p50 / (raw.p50 || 1e-9)), p95: round(ours.p95 / (raw.p95 || 1e-9)) },
  };
}

/** Indices of the k largest scores (exact search's answer). */
function topK(scores: Float32Array, k: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (best.length === k && scores[i]! <= scores[best[k - 1]!]!) continue;
    let at = best.length < k ? best.length : k - 1;
    while (at > 0 && scores[best[at - 1]!]! < scores[i]!) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}

async function benchVectors(db: Db, n: number) {
  const dims = 384;
  const embed = pseudoEmbedder(real, dims);
  const all = new Float32Array(n * dims);
  // The tables first: a statement can only be prepared against tables that exist.
  await ensureVectorTables(db, dims);
  const ids: number[] = [];
  let buildS: number | null = null;
  const stored = db.sqlite!.prepare('SELECT count(*) FROM paper_embeddings').pluck().get() as number;
  // Vectors a kept database (--sqlite-file) holds are measured as they are; a build
  // interrupted part way resumes after the last paper it stored.
  const rows = db
    .sqlite!.prepare('SELECT paper_id, embedding FROM paper_embeddings ORDER BY paper_id LIMIT ?')
    .raw();
  for (const [id, b] of rows.iterate(n) as Iterable<[number, Buffer]>) {
    all.set(new Float32Array(new Uint8Array(b).buffer), ids.length * dims);
    ids.push(id);
  }
  if (stored < n) {
    type Row = { id: number; title: string; abstract: string };
    const papers = db
      .sqlite!.prepare('SELECT id, title, abstract FROM papers WHERE id > ? ORDER BY id LIMIT ?')
      .all(ids.at(-1) ?? 0, n - ids.length) as Row[];
    const t0 = performance.now();
    const insE = db.sqlite!.prepare(
      "INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at) VALUES (?, 'bench', ?, '2026-07-02')",
    );
    const batch = db.sqlite!.transaction((rows: { id: number; vector: Float32Array }[]) => {
      for (const { id, vector } of rows) insE.run(id, Buffer.from(vector.buffer));
    });
    let pending: { id: number; vector: Float32Array }[] = [];
    let embedMs = 0;
    for (const p of papers) {
      const te = performance.now();
      const vector = embed(`${p.title} ${p.abstract}`);
      embedMs += performance.now() - te;
      all.set(vector, ids.length * dims);
      ids.push(p.id);
      pending.push({ id: p.id, vector });
      if (pending.length === 10_000) {
        batch(pending);
        pending = [];
        if (ids.length % 100_000 === 0) process.stderr.write(`vectors: ${ids.length} stored\n`);
      }
    }
    batch(pending);
    // Index build = storing the vectors; making the pseudo-embeddings is not part of it.
    buildS = round((performance.now() - t0 - embedMs) / 1000);
  }
  const t1 = performance.now();
  const index = await warmVectorIndex(db);
  const loadS = (performance.now() - t1) / 1000;
  // Two kinds of query: search text (the bench's non-author queries, embedded the same
  // way), and "similar papers" (a stored paper's vector; the paper itself left out).
  const textQueries = queries
    .filter((q) => !q.startsWith('author:'))
    .slice(0, 100)
    .map((q) => ({ vector: embed(q.replaceAll('"', '')), self: -1 }));
  const paperQueries = Array.from({ length: 100 }, (_, i) => {
    const at = Math.floor((i * ids.length) / 100);
    return { vector: all.slice(at * dims, (at + 1) * dims), self: ids[at]! };
  });
  // Exact search (every float vector, in memory) is the recall reference and the baseline.
  const exactMs: number[] = [];
  const exactTop = ({ vector, self }: { vector: Float32Array; self: number }) => {
    const t = performance.now();
    const scores = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += all[i * dims + d]! * vector[d]!;
      scores[i] = ids[i] === self ? Number.NEGATIVE_INFINITY : s;
    }
    const top = new Set(topK(scores, 10).map((i) => ids[i]));
    exactMs.push(performance.now() - t);
    return top;
  };
  // The first query after loading re-reads the vectors stamped within a minute of the
  // newest (vectors.repo.ts coarseIndex): here every vector carries one stamp, so all of
  // them. Paid once, before the timed queries.
  const t2 = performance.now();
  await nearestPapers(db, textQueries[0]!.vector, { k: 10 });
  const firstQueryS = (performance.now() - t2) / 1000;
  const kinds = { text: textQueries, similar_papers: paperQueries };
  const byKind: Record<string, Record<string, unknown>> = {};
  for (const [kind, list] of Object.entries(kinds)) {
    const exact = list.map(exactTop);
    byKind[kind] = {};
    for (const shortlist of args.shortlist!.split(',').map(Number))
      for (const oversample of args.oversample!.split(',').map(Number)) {
        const ms: number[] = [];
        let found = 0;
        for (const [q, { vector, self }] of list.entries()) {
          const t = performance.now();
          const exclude = self > 0 ? [self] : [];
          const got = await nearestPapers(db, vector, { k: 10, oversample, shortlist, exclude });
          ms.push(performance.now() - t);
          found += got.filter((g) => exact[q]!.has(g.id)).length;
        }
        byKind[kind]![`shortlist_${shortlist}_oversample_${oversample}`] = {
          shortlist,
          candidates: 10 * oversample,
          knn_ms: stats(ms),
          recall_at_10: round(found / (list.length * 10), 3),
        };
      }
  }
  return {
    vectors: ids.length,
    dims,
    build_s: buildS,
    resumed_after: stored > 0 && stored < n ? stored : undefined,
    index_load_s: round(loadS),
    first_query_s: round(firstQueryS),
    index_memory_mb: round(index.bytes / 2 ** 20, 0),
    exact_in_memory_ms: stats(exactMs),
    ...byKind,
    // The machine's load when the k-NN queries ended (1, 5, 15 minutes).
    loadavg: os.loadavg().map((l) => round(l)),
  };
}

/**
 * The real server (`paperboy serve`, semantic search off) in a child process over the
 * bench database: /api/papers/search latency, one request at a time, and the server's RSS.
 */
async function benchHttp(env: Record<string, string>) {
  const server = await startServer('src/main.ts', ['serve'], {
    PAPERBOY_DEMO: '0',
    EMBEDDER: 'off',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...env,
  });
  try {
    const api = await timeQueries(async (q) => {
      const res = await fetch(`${server.origin}/api/papers/search?q=${encodeURIComponent(q)}&limit=10`);
      if (!res.ok) throw new Error(`${res.status} for ${q}`);
      return res.json();
    });
    return { api_ms: api, server: processMemoryMb(server.pid) };
  } finally {
    await server.stop();
  }
}

const dialects = args.dialects!.split(',');
if (dialects.includes('sqlite')) {
  const reuse = args['sqlite-file'];
  const dir = reuse ? path.dirname(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-'));
  const file = reuse ?? path.join(dir, 'paperboy.db');
  const db = connect({ sqlitePath: file });
  await migrateToLatest(db);
  const load = reuse ? { reused: file } : await loadSqlite(db, corpus());
  const vectorsOnly = args['vectors-only'];
  const lexical = vectorsOnly ? undefined : await benchLexical(db);
  const vectors = Number(args.vectors) > 0 ? await benchVectors(db, Number(args.vectors)) : undefined;
  db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  const diskMb = round(fs.statSync(file).size / 2 ** 20, 0);
  await db.close();
  const http = vectorsOnly ? undefined : await benchHttp({ PAPERBOY_DATA_DIR: dir });
  out.sqlite = { ...load, disk_mb: diskMb, lexical, vectors, http };
  if (args.keep || reuse) process.stderr.write(`kept ${file}\n`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
if (dialects.includes('postgres')) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const reuse = args['pg-database'];
  const name = reuse ?? `pb_bench_${process.pid}`;
  if (!reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = connect({ databaseUrl: url.toString() });
  try {
    await migrateToLatest(db);
    const load = reuse ? { reused: name } : await loadPostgres(db, corpus());
    const lexical = await benchLexical(db);
    out.postgres = { ...load, lexical, http: await benchHttp({ DATABASE_URL: url.toString() }) };
  } finally {
    await db.close();
    if (args.keep || reuse) process.stderr.write(`kept database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(JSON.stringify(out, null, 2));
