/** Bulk loading of benchmark corpora, timing the load and the text index build separately. */
import { sql } from 'kysely';
import type { Db } from '../src/db/connect.ts';
import type { BenchPaper } from './search-corpus.ts';
import { round } from './search-corpus.ts';

const NOW = '2026-07-02T00:00:00.000Z';

/** SQLite: rows go in through the ingest triggers (the real path), then a full FTS rebuild is timed. */
export async function loadSqlite(db: Db, papers: Iterable<BenchPaper>) {
  const s = db.sqlite!;
  const ins =
    s.prepare(`INSERT INTO papers (arxiv_id, title, abstract, authors_text, categories, primary_category,
    published_at, updated_at, source, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?)`);
  const insertMany = s.transaction((rows: BenchPaper[]) => {
    for (const p of rows)
      ins.run(
        p.arxivId,
        p.title,
        p.abstract,
        p.authors.join(', '),
        p.categories.join(' '),
        p.categories[0] ?? null,
        p.publishedAt,
        p.publishedAt,
        NOW,
        NOW,
      );
  });
  const t0 = performance.now();
  let batch: BenchPaper[] = [];
  let n = 0;
  for (const p of papers) {
    batch.push(p);
    if (batch.length === 10_000) {
      insertMany(batch);
      n += batch.length;
      batch = [];
      if (n % 100_000 === 0) process.stderr.write(`sqlite: ${n} papers loaded\n`);
    }
  }
  insertMany(batch);
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  s.exec("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')");
  s.exec("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')");
  const buildS = (performance.now() - t1) / 1000;
  s.exec('ANALYZE');
  return { load_with_triggers_s: round(loadS), fts_rebuild_s: round(buildS) };
}

/** PostgreSQL: rows in batches (a trigger writes each tsvector to paper_search), then the GIN index build is timed. */
export async function loadPostgres(db: Db, papers: Iterable<BenchPaper>) {
  await sql`DROP INDEX IF EXISTS paper_search_doc`.execute(db.kysely);
  const t0 = performance.now();
  let batch: BenchPaper[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const col = <K extends keyof BenchPaper>(k: K) => batch.map((p) => p[k]);
    await sql`INSERT INTO papers (arxiv_id, title, abstract, authors_text, categories, primary_category,
        published_at, updated_at, source, created_at, modified_at)
      SELECT a, t, ab, au, c, pc, pub, pub, 'bench', ${NOW}, ${NOW}
      FROM unnest(${col('arxivId')}::text[], ${col('title')}::text[], ${col('abstract')}::text[],
        ${batch.map((p) => p.authors.join(', '))}::text[], ${batch.map((p) => p.categories.join(' '))}::text[],
        ${batch.map((p) => p.categories[0] ?? null)}::text[], ${col('publishedAt')}::text[])
        AS x(a, t, ab, au, c, pc, pub)`.execute(db.kysely);
    n += batch.length;
    if (n % 100_000 === 0) process.stderr.write(`postgres: ${n} papers loaded\n`);
    batch = [];
  };
  for (const p of papers) {
    batch.push(p);
    if (batch.length === 5_000) await flush();
  }
  await flush();
  const loadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await sql`CREATE INDEX paper_search_doc ON paper_search USING gin (search_doc)`.execute(db.kysely);
  const buildS = (performance.now() - t1) / 1000;
  await sql`ANALYZE papers`.execute(db.kysely);
  await sql`ANALYZE paper_search`.execute(db.kysely);
  const size = await sql<{ table_mb: number; gin_mb: number }>`SELECT
      (pg_total_relation_size('papers') + pg_total_relation_size('paper_search')) / 1048576.0 AS table_mb,
      pg_relation_size('paper_search_doc') / 1048576.0 AS gin_mb`.execute(db.kysely);
  return {
    load_s: round(loadS),
    gin_build_s: round(buildS),
    table_with_indexes_mb: round(Number(size.rows[0]!.table_mb), 0),
    gin_mb: round(Number(size.rows[0]!.gin_mb), 0),
  };
}
