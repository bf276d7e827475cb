/**
 * `paperboy copy` throughput: prints JSON. Needs DATABASE_URL (a PostgreSQL server where
 * it may create and drop databases).
 *
 *   npm run bench:copy                          # 100,000 papers generated from real ones, 3 runs
 *   npm run bench:copy -- --size 20000 --runs 1
 *
 * The source is a SQLite instance built through the real ingest path (papers, versions,
 * authors, categories, a tenth of them featured) plus members and votes. Each run copies
 * it with `copyInstance` (what the command runs: migrate, copy in batches, move the
 * identity counters, ANALYZE, verify every table) into a fresh database, timing the copy
 * and the verification separately. The baseline, in the same run and interleaved: the
 * same rows of the same tables into a fresh database by a plain loop of multi-row INSERTs
 * (no resumable cursor, no conflict handling, no verification), i.e. what writing these
 * rows costs PostgreSQL here. Medians over the runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connect } from '../src/db/connect.ts';
import { copyInstance } from '../src/db/copy.ts';
import { matchTables, readSourceSchema, targetColumns } from '../src/db/copy-schema.ts';
import { toTarget } from '../src/db/copy-values.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importBatch } from '../src/papers/papers.repo.ts';
import type { PaperRecord } from '../src/papers/types.ts';
import { loadRealPapers, rng, round, syntheticPapers } from './search-corpus.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '1000' },
  },
});
const PG_URL = process.env.DATABASE_URL ?? '';
if (!PG_URL.startsWith('postgres'))
  throw new Error('set DATABASE_URL=postgres://… (a server the bench may create databases on)');
const size = Number(args.size);
const runs = Number(args.runs);
const batchSize = Number(args['batch-size']);
const NOW = new Date('2026-07-02T00:00:00Z');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function buildSource(file: string) {
  const db = connect({ sqlitePath: file });
  await migrateToLatest(db);
  const real = await loadRealPapers();
  const t0 = performance.now();
  let batch: PaperRecord[] = [];
  let i = 0;
  const flush = async () => {
    const entries = batch
      .filter((_, k) => (i - batch.length + k) % 10 === 0)
      .map((p) => ({ arxivId: p.arxivId, feedDate: p.publishedAt.slice(0, 10), submittedAt: p.publishedAt }));
    await importBatch(db, batch, entries, { source: 'bench', now: NOW });
    batch = [];
  };
  for (const p of syntheticPapers(real, size)) {
    batch.push({ ...p, authors: p.authors.map((name) => ({ name })), version: 1 });
    i++;
    if (batch.length === 2000) await flush();
    if (i % 20_000 === 0) process.stderr.write(`source: ${i} papers\n`);
  }
  await flush();
  // Members and their votes: one member per 50 papers, each upvoting about 25 papers.
  const s = db.sqlite!;
  const members = Math.max(10, Math.floor(size / 50));
  const r = rng(3);
  s.transaction(() => {
    const user = s.prepare(
      `INSERT INTO users (email, handle, display_name, created_at) VALUES (?, ?, ?, '${NOW.toISOString()}')`,
    );
    const vote = s.prepare(
      `INSERT OR IGNORE INTO votes (paper_id, user_id, created_at) VALUES (?, ?, '${NOW.toISOString()}')`,
    );
    for (let u = 1; u <= members; u++) {
      const id = Number(user.run(`m${u}@example.org`, `m${u}`, `Member ${u}`).lastInsertRowid);
      for (let v = 0; v < 25; v++) vote.run(1 + Math.floor(r() * size), id);
    }
  })();
  const loadS = (performance.now() - t0) / 1000;
  const counts = Object.fromEntries(
    readSourceSchema(s).tables.map((t) => [
      t.name,
      (s.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
    ]),
  );
  await db.close();
  return { load_s: round(loadS), counts };
}

async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/** The whole command: migrate, copy, counters, ANALYZE, verify. */
async function timeCopy(file: string, url: string) {
  const t0 = performance.now();
  let verifyStart = 0;
  const report = await copyInstance({
    sqlitePath: file,
    databaseUrl: url,
    batchSize,
    onProgress: (stage) => {
      if (stage === 'verify' && !verifyStart) verifyStart = performance.now();
    },
  });
  const end = performance.now();
  if (!report.ok) throw new Error('the copy did not verify');
  return {
    total_s: (end - t0) / 1000,
    copy_s: ((verifyStart || end) - t0) / 1000,
    verify_s: (end - (verifyStart || end)) / 1000,
  };
}

/** Baseline: the same tables' rows by a plain INSERT loop into a migrated database. */
async function timeRawInserts(file: string, url: string) {
  const source = connect({ sqlitePath: file });
  const target = connect({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateToLatest(target);
    const tables = matchTables(readSourceSchema(source.sqlite!), await targetColumns(target));
    // biome-ignore lint/suspicious/noExplicitAny: table names come from the schema at run time
    const kysely = target.kysely as unknown as Kysely<any>;
    const t0 = performance.now();
    for (const t of tables) {
      const limit = Math.max(1, Math.min(batchSize, Math.floor(60_000 / t.columns.length)));
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (batch.length) await kysely.insertInto(t.name).values(batch).execute();
        batch = [];
      };
      for (const row of source.sqlite!.prepare(`SELECT * FROM "${t.name}"`).iterate() as Iterable<
        Record<string, unknown>
      >) {
        const out: Record<string, unknown> = {};
        for (const c of t.columns) out[c.name] = toTarget(row[c.name], c.type);
        batch.push(out);
        if (batch.length === limit) await flush();
      }
      await flush();
    }
    return { total_s: (performance.now() - t0) / 1000 };
  } finally {
    await source.close();
    await target.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-copy-'));
const file = path.join(dir, 'paperboy.db');
try {
  const source = await buildSource(file);
  const rows = Object.values(source.counts).reduce((a, b) => a + b, 0);
  const copies: Awaited<ReturnType<typeof timeCopy>>[] = [];
  const raws: number[] = [];
  for (let run = 0; run < runs; run++) {
    const name = `pb_bench_copy_${process.pid}`;
    copies.push(await timeCopy(file, await freshDatabase(name)));
    raws.push((await timeRawInserts(file, await freshDatabase(name))).total_s);
    await dropDatabase(name);
    process.stderr.write(
      `run ${run + 1}/${runs}: copy ${round(copies.at(-1)!.total_s)} s, raw inserts ${round(raws.at(-1)!)} s\n`,
    );
  }
  const copyS = median(copies.map((c) => c.total_s));
  const rawS = median(raws);
  console.log(
    JSON.stringify(
      {
        papers: size,
        rows,
        tables: source.counts,
        source_build_s: source.load_s,
        sqlite_bytes: fs.statSync(file).size,
        runs,
        batch_size: batchSize,
        copy: {
          median_total_s: round(copyS),
          median_copy_phase_s: round(median(copies.map((c) => c.copy_s))),
          median_verify_phase_s: round(median(copies.map((c) => c.verify_s))),
          rows_per_s: Math.round(rows / copyS),
          papers_per_s: Math.round(size / copyS),
        },
        baseline_plain_inserts: { median_total_s: round(rawS), rows_per_s: Math.round(rows / rawS) },
        copy_vs_baseline: round(copyS / rawS),
        machine: {
          cpus: os.cpus().length,
          node: process.version,
          loadavg_at_end: os.loadavg().map((x) => round(x)),
          note: 'shared machine: the database server and other jobs run on the same cores',
        },
      },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
