/**
 * `npm run bench:vote-write`: the database side of a vote on one hot paper, without HTTP,
 * so the figure holds on a busy machine: 50 voters at once, each alternating up and down,
 * through the repository's `setVote` (one statement; triggers of 0018_votes move the
 * count) against the way before it, measured in the same run, rounds interleaved: an
 * explicit transaction inserting or deleting the row and adding the delta to
 * papers.upvotes (its database has the triggers dropped). SQLite, and PostgreSQL when
 * DATABASE_URL is set. Every round ends with the count checked against the rows.
 * Env: BENCH_SECONDS (per round, default 3), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (50).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { findOrCreateUserByEmail } from '../src/community/users.repo.ts';
import { setVote } from '../src/community/votes.repo.ts';
import { connect, type Db } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { importBatch } from '../src/papers/papers.repo.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VOTERS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PG_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : null;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

type Write = (db: Db, v: { paperId: number; userId: number; up: boolean; now: Date }) => Promise<unknown>;

/** Before 0018_votes: the row and the counter's delta in one explicit transaction. */
const transactionWithDelta: Write = (db, v) =>
  db.kysely.transaction().execute(async (trx) => {
    const changed = v.up
      ? (
          await trx
            .insertInto('votes')
            .values({ paper_id: v.paperId, user_id: v.userId, created_at: v.now.toISOString() })
            .onConflict((oc) => oc.columns(['paper_id', 'user_id']).doNothing())
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows
      : (
          await trx
            .deleteFrom('votes')
            .where('paper_id', '=', v.paperId)
            .where('user_id', '=', v.userId)
            .executeTakeFirst()
        ).numDeletedRows;
    const delta = Number(changed ?? 0) > 0 ? (v.up ? 1 : -1) : 0;
    return trx
      .updateTable('papers')
      .set({ upvotes: sql<number>`upvotes + ${delta}` })
      .where('id', '=', v.paperId)
      .returning('upvotes')
      .executeTakeFirst();
  });

async function openDb(dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-vote-write-'));
    const db = connect({ sqlitePath: path.join(dir, 'paperboy.db') });
    return { db, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `pb_bench_vote_write_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: PG_URL! });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_URL!);
  u.pathname = `/${name}`;
  const db = connect({ databaseUrl: u.toString() });
  return { db, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function prepare(db: Db, withTriggers: boolean) {
  await migrateToLatest(db);
  if (!withTriggers) {
    if (db.dialect === 'sqlite') {
      await sql`DROP TRIGGER votes_count_insert`.execute(db.kysely);
      await sql`DROP TRIGGER votes_count_delete`.execute(db.kysely);
    } else await sql`DROP TRIGGER votes_count ON votes`.execute(db.kysely);
  }
  const now = new Date();
  const arxivId = '2601.09998';
  await importBatch(
    db,
    [
      {
        arxivId,
        title: 'Hot',
        abstract: 'Hot paper.',
        authors: [{ name: 'A' }],
        publishedAt: now.toISOString(),
      },
    ],
    [{ arxivId, feedDate: now.toISOString().slice(0, 10), submittedAt: now.toISOString() }],
    { source: 'bench', now },
  );
  const paper = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirstOrThrow();
  const users: number[] = [];
  for (let i = 0; i < VOTERS; i++)
    users.push((await findOrCreateUserByEmail(db, `w${i}@bench.example`, now)).user.id);
  return { paperId: paper.id, users };
}

async function round(db: Db, write: Write, paperId: number, users: number[]) {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    users.map(async (userId) => {
      let up = true;
      while (performance.now() < end) {
        const s = performance.now();
        await write(db, { paperId, userId, up, now: new Date() });
        latencies.push(performance.now() - s);
        up = !up;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const p = await db.kysely
    .selectFrom('papers')
    .select(['upvotes', 'imported_upvotes'])
    .where('id', '=', paperId)
    .executeTakeFirstOrThrow();
  const rows = Number(
    (
      await db.kysely
        .selectFrom('votes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('paper_id', '=', paperId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  latencies.sort((a, b) => a - b);
  return {
    opsPerSecond: latencies.length / elapsed,
    p99Ms: latencies[Math.floor(0.99 * latencies.length)] ?? 0,
    exact: p.upvotes === p.imported_upvotes + rows,
  };
}

const results = [];
for (const dialect of PG_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
  const impls = [
    { name: 'one statement + trigger (setVote)', write: setVote as Write, withTriggers: true },
    { name: 'transaction + delta (before 0018_votes)', write: transactionWithDelta, withTriggers: false },
  ];
  const opened = await Promise.all(impls.map(() => openDb(dialect)));
  try {
    const setups = await Promise.all(impls.map((impl, i) => prepare(opened[i]!.db, impl.withTriggers)));
    const runs: Awaited<ReturnType<typeof round>>[][] = impls.map(() => []);
    for (let r = 0; r < ROUNDS; r++)
      for (const [i, impl] of impls.entries())
        runs[i]!.push(await round(opened[i]!.db, impl.write, setups[i]!.paperId, setups[i]!.users));
    for (const [i, impl] of impls.entries())
      results.push({
        database: dialect,
        write: impl.name,
        opsPerSecond: Math.round(median(runs[i]!.map((x) => x.opsPerSecond))),
        p99Ms: Number(median(runs[i]!.map((x) => x.p99Ms)).toFixed(2)),
        rounds: runs[i]!.map((x) => Math.round(x.opsPerSecond)),
        exact: runs[i]!.every((x) => x.exact),
      });
  } finally {
    for (const o of opened) {
      await o.db.close();
      await o.drop();
    }
  }
}
console.log(
  JSON.stringify(
    {
      bench: 'vote-write',
      voters: VOTERS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      results,
    },
    null,
    2,
  ),
);
if (!results.every((r) => r.exact)) process.exitCode = 1;
