/**
 * Search benchmark: prints JSON.
 *
 *   npm run bench:search                                   # the 22k real CS papers, SQLite + PostgreSQL
 *   npm run bench:search -- --size 1000000                 # 1M papers generated from the real ones
 *   npm run bench:search -- --size 1000000 --vectors 1000000 --dialects sqlite
 *
 * For each database: load time, index build time, on-disk size, then 500 realistic
 * queries through the real use case (`searchPapers`, lexical mode, 10 results) with p50 /
 * p95, and in the same run the raw engine query as baseline (FTS5 `MATCH … ORDER BY rank
 * LIMIT 10`; PostgreSQL `@@ … ORDER BY ts_rank LIMIT 10`) with the ratio. With
 * --vectors: k-NN p95 over that many 384-dimension vectors (sqlite-vec, binary prefilter +
 * float rerank) and recall@10 against exact search. Finally the HTTP API over SQLite,
 * with the process RSS while serving. PostgreSQL runs when DATABASE_URL is set.
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
import { ftsExpression } from '../src/search/lexical.repo.ts';
import { parseQuery } from '../src/search/query-parser.ts';
import { type SearchSettings, searchPapers } from '../src/search/search.ts';
import { searchSettings } from '../src/search/settings.ts';
import { nearestPapers } from '../src/search/vectors.repo.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/log.ts';
import { buildApp } from '../src/web/app.ts';
import {
  type BenchPaper,
  benchQueries,
  loadRealPapers,
  rng,
  round,
  stats,
  syntheticPapers,
} from './search-corpus.ts';
import { loadPostgres, loadSqlite } from './search-load.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string' },
    queries: { type: 'string', default: '500' },
    dialects: { type: 'string', default: process.env.DATABASE_URL ? 'sqlite,postgres' : 'sqlite' },
    vectors: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
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
  machine: { cpus: os.cpus().length, node: process.version },
};

async function timeQueries(run: (q: string) => Promise<unknown>) {
  for (const q of queries.slice(0, 50)) await run(q); // warm caches
  const ms: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    ms.push(performance.now() - t);
  }
  return stats(ms);
}

async function benchLexical(db: Db) {
  const ours = await timeQueries((q) =>
    searchPapers({ db, clock, settings }, q, { mode: 'lexical', limit: 10 }),
  );
  let raw: ReturnType<typeof stats>;
  if (db.dialect === 'sqlite') {
    const stmt = db.sqlite!.prepare(
      'SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 10',
    );
    raw = await timeQueries(async (q) => {
      const m = ftsExpression(parseQuery(q));
      return m ? stmt.all(m) : [];
    });
  } else {
    raw = await timeQueries(async (q) => {
      const text = parseQuery(q).text || q;
      return sql`SELECT id FROM papers WHERE search_doc @@ plainto_tsquery('paperboy', ${text})
        ORDER BY ts_rank(search_doc, plainto_tsquery('paperboy', ${text})) DESC LIMIT 10`.execute(db.kysely);
    });
  }
  return {
    searchPapers_ms: ours,
    raw_ms: raw,
    ratio: { p50: round(ours.p50 / (raw.p50 || 1e-9)), p95: round(ours.p95 / (raw.p95 || 1e-9)) },
  };
}

async function benchVectors(db: Db, n: number) {
  const dims = 384;
  const r = rng(5);
  const gauss = () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const unit = (v: Float32Array) => {
    let s = 0;
    for (const x of v) s += x * x;
    const k = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i]! *= k;
    return v;
  };
  // Real embeddings cluster by topic; so do these: 2,000 topic centres plus noise.
  const centres = Array.from({ length: 2000 }, () => unit(Float32Array.from({ length: dims }, gauss)));
  const sample = () => {
    const c = centres[Math.floor(r() * centres.length)]!;
    return unit(Float32Array.from(c, (x) => x + 0.08 * gauss()));
  };
  const all = new Float32Array(n * dims);
  const ids = db.sqlite!.prepare('SELECT id FROM papers ORDER BY id LIMIT ?').pluck().all(n) as number[];
  // The tables first: a statement can only be prepared against tables that exist.
  db.sqlite!.exec(`CREATE TABLE IF NOT EXISTS paper_embeddings (paper_id INTEGER PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
    model TEXT NOT NULL, embedding BLOB NOT NULL, embedded_at TEXT NOT NULL);
    CREATE VIRTUAL TABLE IF NOT EXISTS paper_vectors_bq USING vec0(embedding bit[${dims}]);`);
  const t0 = performance.now();
  const insE = db.sqlite!.prepare(
    "INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at) VALUES (?, 'bench', ?, '2026-07-02')",
  );
  const insB = db.sqlite!.prepare(
    'INSERT INTO paper_vectors_bq (rowid, embedding) VALUES (?, vec_quantize_binary(?))',
  );
  const batch = db.sqlite!.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const v = sample();
      all.set(v, i * dims);
      const b = Buffer.from(v.buffer);
      insE.run(BigInt(ids[i]!), b);
      insB.run(BigInt(ids[i]!), b);
    }
  });
  for (let i = 0; i < ids.length; i += 10_000) batch(i, Math.min(ids.length, i + 10_000));
  const buildS = (performance.now() - t0) / 1000;
  const ms: number[] = [];
  let found = 0;
  const nq = 100;
  for (let q = 0; q < nq; q++) {
    const query = sample();
    const t = performance.now();
    const got = await nearestPapers(db, query, { k: 10 });
    ms.push(performance.now() - t);
    const scores = new Float32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += all[i * dims + d]! * query[d]!;
      scores[i] = s;
    }
    const exact = new Set(
      Array.from(scores.keys())
        .sort((a, b) => scores[b]! - scores[a]!)
        .slice(0, 10)
        .map((i) => ids[i]),
    );
    found += got.filter((g) => exact.has(g.id)).length;
  }
  return {
    vectors: ids.length,
    dims,
    build_s: round(buildS),
    knn_ms: stats(ms),
    recall_at_10: round(found / (nq * 10), 3),
  };
}

async function benchHttp(db: Db) {
  const config = loadConfig({
    PAPERBOY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-')),
    LOG_LEVEL: 'silent',
  });
  const app = await buildApp({ config, db, clock, log: silentLogger, mailer: undefined as never });
  await app.ready();
  const http = await timeQueries((q) => app.inject(`/api/papers/search?q=${encodeURIComponent(q)}&limit=10`));
  const rssMb = round(process.memoryUsage().rss / 2 ** 20, 0);
  await app.close();
  return { api_ms: http, rss_mb: rssMb };
}

const dialects = args.dialects!.split(',');
if (dialects.includes('sqlite')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-'));
  const file = path.join(dir, 'bench.db');
  const db = connect({ sqlitePath: file });
  await migrateToLatest(db);
  const load = await loadSqlite(db, corpus());
  const lexical = await benchLexical(db);
  const vectors = Number(args.vectors) > 0 ? await benchVectors(db, Number(args.vectors)) : undefined;
  const http = await benchHttp(db);
  db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  out.sqlite = { ...load, disk_mb: round(fs.statSync(file).size / 2 ** 20, 0), lexical, vectors, http };
  await db.close();
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}
if (dialects.includes('postgres')) {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `pb_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = connect({ databaseUrl: url.toString() });
  try {
    await migrateToLatest(db);
    const load = await loadPostgres(db, corpus());
    out.postgres = { ...load, lexical: await benchLexical(db) };
  } finally {
    await db.close();
    if (!args.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(JSON.stringify(out, null, 2));
