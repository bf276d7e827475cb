/**
 * `npm run bench:ingest`: Kaggle-format import of a 200k-record file generated from real
 * records, on SQLite, against a raw better-sqlite3 insert loop writing the same rows in
 * the same run. The import runs in bulk mode (`--bulk`: keyword index rebuilt once at
 * the end). Prints JSON: papers/s (median of BENCH_RUNS runs), the ratio to the raw
 * loop, and peak RSS of the import.
 *
 * Corpus: the real Kaggle-format sample and the daily arXiv CS listings in
 * ../shared/data/arxiv-metadata when present (else the 1,000-record test fixture),
 * repeated with fresh, valid, deterministic ids (2101.00001, 2101.00002, …) until N records.
 *
 * With DATABASE_URL (postgres://…) the same file is also imported once into a throwaway
 * PostgreSQL database (created and dropped here), reported as `postgres`.
 *
 * Env: BENCH_RECORDS (default 200000), BENCH_RUNS (default 3), BENCH_DATA (data folder),
 * BENCH_PG_RECORDS (lines of the file the PostgreSQL import reads; default all).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import pg from 'pg';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importKaggle } from '../src/ingest/kaggle-import.ts';
import { parseKaggleLine } from '../src/ingest/kaggle-snapshot.ts';
import { normalizeAuthorName } from '../src/papers/names.ts';
import { systemClock } from '../src/shared/clock.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_RECORDS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DATA =
  process.env.BENCH_DATA ??
  [path.join(ROOT, '..', 'shared', 'data'), path.join(ROOT, '..', '..', 'shared', 'data')]
    .map((d) => path.join(d, 'arxiv-metadata'))
    .find((d) => fs.existsSync(d)) ??
  '';
const BATCH = 2000;
const PG_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const PG_N = Math.min(N, Number(process.env.BENCH_PG_RECORDS ?? N));
/** The whole arXiv snapshot, for the projection. */
const ARXIV_PAPERS = 2_700_000;

/** Real records in Kaggle shape, from every source available. */
function baseRecords(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const kaggleFiles = [
    path.join(DATA, 'kaggle-format', 'weaviate-arXiv-demo-dataset_data_metadata_1000.jsonl'),
    path.join(ROOT, 'test', 'fixtures', 'kaggle', 'metadata-1000.jsonl'),
  ];
  const kaggle = kaggleFiles.find((f) => fs.existsSync(f))!;
  for (const line of fs.readFileSync(kaggle, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line));
  const daily = path.join(DATA, 'daily-arxiv-ai-enhanced');
  if (fs.existsSync(daily)) {
    const seen = new Set<string>();
    for (const f of fs
      .readdirSync(daily)
      .filter((x) => x.endsWith('.jsonl.gz'))
      .sort()) {
      const day = f.slice(0, 10);
      for (const line of zlib
        .gunzipSync(fs.readFileSync(path.join(daily, f)))
        .toString('utf8')
        .split('\n')) {
        if (!line.trim()) continue;
        const d = JSON.parse(line);
        if (seen.has(d.id)) continue;
        seen.add(d.id);
        const authors: string[] = d.authors ?? [];
        out.push({
          id: d.id,
          submitter: authors[0] ?? null,
          authors: authors.join(', '),
          title: d.title,
          comments: d.comment ?? null,
          'journal-ref': null,
          doi: null,
          'report-no': null,
          categories: (d.categories ?? []).join(' '),
          license: null,
          abstract: d.summary ?? '',
          versions: [{ version: 'v1', created: new Date(`${day}T18:00:00Z`).toUTCString() }],
          update_date: day,
          authors_parsed: authors.map((a) => {
            const parts = a.trim().split(/\s+/);
            return [parts.pop() ?? '', parts.join(' '), ''];
          }),
        });
      }
    }
  }
  return out;
}

function generate(file: string): number {
  const base = baseRecords();
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  for (let i = 0; i < N; i++) {
    const month = 1 + Math.floor(i / 99_999);
    const id = `${21 + Math.floor((month - 1) / 12)}${String(((month - 1) % 12) + 1).padStart(2, '0')}.${String((i % 99_999) + 1).padStart(5, '0')}`;
    buf.push(JSON.stringify({ ...base[i % base.length], id }));
    if (buf.length === 5000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
  return base.length;
}

async function freshDb(dir: string, name: string) {
  const db = connect({ sqlitePath: path.join(dir, `${name}.db`) });
  await migrateToLatest(db);
  return db;
}

async function timeImport(dir: string, file: string, run: number, databaseUrl?: string) {
  const db = databaseUrl ? connect({ databaseUrl }) : await freshDb(dir, `import-${run}`);
  if (databaseUrl) await migrateToLatest(db);
  const want = databaseUrl ? PG_N : N;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await importKaggle({ db, clock: systemClock }, file, { batchSize: BATCH, bulk: true });
  const timed = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(cpu0) };
  await db.close();
  if (r.counts.new !== want) throw new Error(`expected ${want} new papers, got ${JSON.stringify(r.counts)}`);
  return timed;
}

/** The baseline: the same parsed rows written with plain prepared INSERTs, no look-ups, no merge. */
async function timeRaw(dir: string, file: string, run: number) {
  const db = await freshDb(dir, `raw-${run}`);
  const sqlite = db.sqlite!;
  const insPaper = sqlite.prepare(
    `INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors_text, comment, journal_ref, doi,
     report_no, license, primary_category, categories, published_at, updated_at, withdrawn, github_repo,
     project_page, code_links, imported_upvotes, upvotes, comment_count, source, is_demo, created_at, modified_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,0,0,'raw',0,?,?)`,
  );
  const insAuthor = sqlite.prepare(
    'INSERT INTO authors (normalized, name) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const authorId = sqlite.prepare('SELECT id FROM authors WHERE normalized = ?').pluck();
  const insPa = sqlite.prepare(
    'INSERT INTO paper_authors (paper_id, position, author_id, affiliation) VALUES (?,?,?,?)',
  );
  const insCat = sqlite.prepare('INSERT INTO paper_categories (paper_id, category) VALUES (?, ?)');
  const insVer = sqlite.prepare(
    'INSERT INTO paper_versions (paper_id, version, submitted_at, size) VALUES (?,?,?,?)',
  );
  const now = new Date().toISOString();
  const write = sqlite.transaction((lines: string[]) => {
    for (const line of lines) {
      const p = parseKaggleLine(line);
      if (!p.ok) continue;
      const r = p.record;
      const cats = r.categories ?? [];
      const { lastInsertRowid: id } = insPaper.run(
        r.arxivId,
        r.version ?? 1,
        r.title.replace(/\s+/g, ' ').trim(),
        r.abstract.trim(),
        r.authors.map((a) => a.name).join(', '),
        r.comment ?? null,
        r.journalRef ?? null,
        r.doi ?? null,
        r.reportNo ?? null,
        r.license ?? null,
        cats[0] ?? null,
        cats.join(' '),
        r.publishedAt,
        r.updatedAt ?? r.publishedAt,
        r.withdrawn ? 1 : 0,
        r.githubRepo ?? null,
        r.projectPage ?? null,
        JSON.stringify(r.codeLinks ?? []),
        now,
        now,
      );
      r.authors.forEach((a, i) => {
        const key = normalizeAuthorName(a.name);
        const ins = insAuthor.run(key, a.name);
        insPa.run(id, i, ins.changes ? ins.lastInsertRowid : authorId.get(key), null);
      });
      for (const c of new Set(cats)) insCat.run(id, c);
      for (const v of r.versions ?? []) insVer.run(id, v.version, v.submittedAt, null);
    }
  });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // Same reading strategy as the import, minus its machinery: whole chunks, split on newlines.
  let rest = '';
  let lines: string[] = [];
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      if (lines.length === BATCH) {
        write(lines);
        lines = [];
      }
    }
  }
  if (rest) lines.push(rest);
  write(lines);
  const timed = { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(cpu0) };
  const n = (sqlite.prepare('SELECT count(*) FROM papers').pluck().get() as number) ?? 0;
  await db.close();
  if (n !== N) throw new Error(`raw loop wrote ${n} papers, expected ${N}`);
  return timed;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface RunFigures {
  seconds: number;
  /** User + system CPU time of the run: unlike wall time, barely affected by other load on the machine. */
  cpuSeconds: number;
  peakRssMb: number;
}

/** Each timed run is its own process, so peak RSS is the import's alone and runs do not share caches. */
function child(mode: 'import' | 'raw' | 'pg', dir: string, file: string, run: number, url = ''): RunFigures {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, dir, file, String(run), url],
    { cwd: ROOT, env: { ...process.env, BENCH_RECORDS: String(N) }, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

async function main() {
  if (process.argv[2] === '--child') {
    const [mode, dir, file, run, url] = process.argv.slice(3) as [string, string, string, string, string];
    const timed =
      mode === 'raw' ? await timeRaw(dir, file, Number(run)) : await timeImport(dir, file, Number(run), url);
    console.log(JSON.stringify({ ...timed, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-ingest-'));
  try {
    const file = path.join(dir, 'snapshot.jsonl');
    const baseCount = generate(file);
    const imports: RunFigures[] = [];
    const raws: RunFigures[] = [];
    // Alternate the two so that machine load drifts over both alike.
    for (let run = 0; run < RUNS; run++) {
      imports.push(child('import', dir, file, run));
      raws.push(child('raw', dir, file, run));
      for (const f of fs.readdirSync(dir))
        if (f.endsWith('.db') || f.includes('.db-')) fs.rmSync(path.join(dir, f));
    }
    const postgres = PG_URL ? await timePostgres(dir, file) : undefined;
    const imp = median(imports.map((r) => r.seconds));
    const raw = median(raws.map((r) => r.seconds));
    const impCpu = median(imports.map((r) => r.cpuSeconds));
    const rawCpu = median(raws.map((r) => r.cpuSeconds));
    console.log(
      JSON.stringify(
        {
          bench: 'ingest',
          records: N,
          distinctRealRecords: baseCount,
          fileMb: Math.round(fs.statSync(file).size / 1e5) / 10,
          runs: RUNS,
          import: {
            medianSeconds: round(imp),
            papersPerSecond: Math.round(N / imp),
            seconds: imports.map((r) => round(r.seconds)),
            medianCpuSeconds: round(impCpu),
            papersPerCpuSecond: Math.round(N / impCpu),
          },
          rawInsertLoop: {
            medianSeconds: round(raw),
            papersPerSecond: Math.round(N / raw),
            seconds: raws.map((r) => round(r.seconds)),
            medianCpuSeconds: round(rawCpu),
            papersPerCpuSecond: Math.round(N / rawCpu),
          },
          /** Import time ÷ raw-loop time (below 1: the import is the faster of the two). */
          ratioToRaw: round(imp / raw),
          cpuRatioToRaw: round(impCpu / rawCpu),
          projectionMinutesFor2_7M: round(ARXIV_PAPERS / (N / imp) / 60),
          peakRssMb: Math.round(Math.max(...imports.map((r) => r.peakRssMb))),
          rawPeakRssMb: Math.round(Math.max(...raws.map((r) => r.peakRssMb))),
          ...(postgres && {
            postgres: {
              records: PG_N,
              seconds: round(postgres.seconds),
              papersPerSecond: Math.round(PG_N / postgres.seconds),
              cpuSeconds: round(postgres.cpuSeconds),
              peakRssMb: Math.round(postgres.peakRssMb),
            },
          }),
          loadAverage: os.loadavg().map(round),
          cpus: os.cpus().length,
          node: process.version,
        },
        null,
        2,
      ),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One bulk import of the file (its first PG_N lines) into a throwaway PostgreSQL database. */
async function timePostgres(dir: string, file: string): Promise<RunFigures> {
  let source = file;
  if (PG_N < N) {
    // The bytes up to the PG_N-th newline.
    source = path.join(dir, 'snapshot-pg.jsonl');
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(1 << 20);
    let bytes = 0;
    let lines = 0;
    for (let n = fs.readSync(fd, buf, 0, buf.length, 0); n > 0 && lines < PG_N; ) {
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) {
        if (++lines === PG_N) {
          bytes += i + 1;
          break;
        }
      }
      if (lines < PG_N) bytes += n;
      n = lines < PG_N ? fs.readSync(fd, buf, 0, buf.length, bytes) : 0;
    }
    fs.closeSync(fd);
    fs.copyFileSync(file, source);
    fs.truncateSync(source, bytes);
  }
  const name = `paperboy_bench_ingest_${process.pid}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    return child('pg', dir, source, 0, url.toString());
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function round(x: number) {
  return Math.round(x * 100) / 100;
}

await main();
