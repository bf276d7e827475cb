/**
 * `npm run bench:votes`: sustained upvote / unvote requests per second over HTTP against
 * the real `paperboy serve`, with 50 connections (one signed-in member each, alternating
 * up and down on the same paper: the worst case, every request locks the same row), on
 * SQLite and, when DATABASE_URL points at PostgreSQL, on a throwaway PostgreSQL database.
 * Baseline: a bare Fastify hello-world measured in the same run with the same client.
 * After the load, the paper's counter must equal imported + rows in votes, and the rows
 * must equal the members whose last acknowledged request was "up". Prints JSON.
 * Each database runs twice: with the vote rate limiter off, and on with a limit no voter
 * reaches (its counters live in the database, so this is its whole cost per vote).
 * Env: BENCH_SECONDS (per round, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (50).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { startSession } from '../src/community/auth.ts';
import { findOrCreateUserByEmail } from '../src/community/users.repo.ts';
import { loadConfig } from '../src/config.ts';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importBatch } from '../src/papers/papers.repo.ts';
import { systemClock } from '../src/shared/clock.ts';
import { load } from './load.ts';
import { startServer as start } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PG_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : null;
const PAPER = '2601.09999';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** A migrated database with one featured paper and CONNECTIONS members with sessions. */
async function prepare(db: Db, env: Record<string, string>) {
  await migrateToLatest(db);
  const now = new Date();
  await importBatch(
    db,
    [
      {
        arxivId: PAPER,
        title: 'A paper everyone votes on',
        abstract: 'Benchmark paper.',
        authors: [{ name: 'Ada Lovelace' }],
        publishedAt: now.toISOString(),
        importedUpvotes: 100,
      },
    ],
    [{ arxivId: PAPER, feedDate: now.toISOString().slice(0, 10), submittedAt: now.toISOString() }],
    { source: 'bench', now },
  );
  const config = loadConfig({ ...env, PAPERBOY_DEMO: '0' });
  const cookies: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const { user } = await findOrCreateUserByEmail(db, `voter${i}@bench.example`, now);
    const s = await startSession({ db, clock: systemClock, config }, user.id, 'bench');
    cookies.push(`pb_session=${s.cookieValue}`);
  }
  return cookies;
}

async function voteLoad(origin: string, members: { cookie: string; token: string }[], seconds: number) {
  const pool = new Pool(origin, { connections: members.length, pipelining: 1 });
  const lastUp = new Array<boolean | null>(members.length).fill(null);
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    members.map(async (m, i) => {
      let up = true;
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          const res = await pool.request({
            path: '/votes',
            method: 'POST',
            headers: {
              cookie: m.cookie,
              // As a browser posting from the site's own page says.
              'sec-fetch-site': 'same-origin',
              accept: 'application/json',
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: new URLSearchParams({
              paper: PAPER,
              action: up ? 'up' : 'down',
              _csrf: m.token,
            }).toString(),
          });
          await res.body.arrayBuffer();
          if (res.statusCode === 200) lastUp[i] = up;
          else errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
        up = !up;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { rps: latencies.length / elapsed, p50Ms: pct(0.5), p99Ms: pct(0.99), errors, lastUp };
}

async function benchDialect(name: 'sqlite' | 'postgres', rateLimit: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-votes-'));
  let dbUrl: string | undefined;
  let dbName: string | undefined;
  if (name === 'postgres') {
    dbName = `pb_bench_votes_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_URL!);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
  }
  const env: Record<string, string> = {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_DEMO: '0',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    RATE_LIMIT_VOTE: rateLimit ? '1000000/1m' : 'off',
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
  };
  const db = connect(dbUrl ? { databaseUrl: dbUrl } : { sqlitePath: path.join(dataDir, 'paperboy.db') });
  try {
    const cookies = await prepare(db, env);
    const app = await start('src/main.ts', ['serve'], env);
    try {
      // Each member fetches a page with a form, as a browser would, for its CSRF token.
      const members = await Promise.all(
        cookies.map(async (cookie) => {
          const res = await fetch(`${app.origin}/settings`, { headers: { cookie } });
          const html = await res.text();
          const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
          if (!token) throw new Error('no CSRF token for a member');
          return { cookie, token };
        }),
      );
      await voteLoad(app.origin, members, Math.min(2, SECONDS)); // warm-up
      const rounds = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await voteLoad(app.origin, members, SECONDS));
      const last = rounds.at(-1)!;
      const paper = await db.kysely
        .selectFrom('papers')
        .select(['id', 'upvotes', 'imported_upvotes'])
        .where('arxiv_id', '=', PAPER)
        .executeTakeFirstOrThrow();
      const rows = Number(
        (
          await db.kysely
            .selectFrom('votes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('paper_id', '=', paper.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
      const expectedRows = last.lastUp.filter((u) => u === true).length;
      return {
        database: name,
        rateLimiter: rateLimit ? 'on (1000000/1m)' : 'off',
        rps: Math.round(median(rounds.map((r) => r.rps))),
        p50Ms: Number(median(rounds.map((r) => r.p50Ms)).toFixed(2)),
        p99Ms: Number(median(rounds.map((r) => r.p99Ms)).toFixed(2)),
        errors: rounds.reduce((n, r) => n + r.errors, 0),
        rounds: rounds.map((r) => Math.round(r.rps)),
        finalCount: {
          upvotes: paper.upvotes,
          importedPlusRows: paper.imported_upvotes + rows,
          rows,
          membersWhoseLastVoteWasUp: expectedRows,
          exact: paper.upvotes === paper.imported_upvotes + rows && rows === expectedRows,
        },
      };
    } finally {
      await app.stop();
    }
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_URL! });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

const hello = await start('bench/hello-server.ts', [], {});
await load(hello.origin, '/', { connections: CONNECTIONS, seconds: Math.min(2, SECONDS) });
const base = [];
for (let i = 0; i < ROUNDS; i++)
  base.push(await load(hello.origin, '/', { connections: CONNECTIONS, seconds: SECONDS }));
await hello.stop();
const baseline = { name: 'fastify hello-world GET', rps: Math.round(median(base.map((r) => r.rps))) };

const results = [];
for (const name of PG_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const))
  for (const rateLimit of [false, true]) results.push(await benchDialect(name, rateLimit));
console.log(
  JSON.stringify(
    {
      bench: 'votes',
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      cpus: os.cpus().length,
      baseline,
      results: results.map((r) => ({ ...r, ratioToBaseline: Number((r.rps / baseline.rps).toFixed(3)) })),
      ...(PG_URL ? {} : { skipped: 'postgres (set DATABASE_URL=postgres://… to include it)' }),
    },
    null,
    2,
  ),
);
const ok = results.every((r) => r.errors === 0 && r.finalCount.exact);
if (!ok) process.exitCode = 1;
