/**
 * `npm run bench:cluster`: requests per second of one web node against two behind
 * HAProxy, on the anonymous home page `/` and on upvote / unvote requests, in the same
 * run: a throwaway PostgreSQL database (DATABASE_URL), two `paperboy serve --role web`
 * processes, and two HAProxy instances started here, one balancing over node A alone and
 * one over A and B, so the proxy's own cost is in both figures. Rounds alternate between
 * the two set-ups; medians are reported with their ratio. Votes: each connection is one
 * signed-in member alternating up and down on one paper (every request locks the same row).
 * Env: BENCH_SECONDS (per round, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (32).
 */
import os from 'node:os';
import { startSession } from '../src/community/auth.ts';
import { findOrCreateUserByEmail } from '../src/community/users.repo.ts';
import { loadConfig } from '../src/config.ts';
import { importBatch } from '../src/papers/papers.repo.ts';
import { systemClock } from '../src/shared/clock.ts';
import { startHaproxy, startNode } from '../test/support/cluster.ts';
import { createTestDb } from '../test/support/db.ts';
import { makePaper } from '../test/support/factories.ts';
import { type LoadRequest, load } from './load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECRET = 'bench-cluster-secret-bench-cluster-secret-0123456789';
if (!process.env.DATABASE_URL?.startsWith('postgres')) {
  console.error('bench:cluster needs DATABASE_URL=postgres://… (a server it may create a database on)');
  process.exit(1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const db = await createTestDb('postgres');
const now = new Date();
const papers = Array.from({ length: 30 }, () => makePaper());
await importBatch(
  db,
  papers,
  papers.map((p) => ({
    arxivId: p.arxivId,
    feedDate: now.toISOString().slice(0, 10),
    submittedAt: now.toISOString(),
  })),
  { source: 'bench', now },
);
const env = {
  DATABASE_URL: db.url!,
  PAPERBOY_DATA_DIR: os.tmpdir(),
  PAPERBOY_SECRET: SECRET,
  PAPERBOY_DEMO: '0',
  EMBEDDER: 'off',
  LOG_LEVEL: 'warn',
  TRUST_PROXY: '127.0.0.1',
  RATE_LIMIT_VOTE: 'off',
};
const config = loadConfig({ ...env, PAPERBOY_DATA_DIR: os.tmpdir() });
const [a, b] = await Promise.all([startNode('a', 'web', env), startNode('b', 'web', env)]);
const one = await startHaproxy([a!]);
const two = await startHaproxy([a!, b!]);

const members: { cookie: string; csrf: string }[] = [];
for (let i = 0; i < CONNECTIONS; i++) {
  const { user } = await findOrCreateUserByEmail(db, `voter${i}@bench.example`, now);
  const s = await startSession({ db, clock: systemClock, config }, user.id, 'bench');
  const cookie = `pb_session=${s.cookieValue}`;
  const page = await (await fetch(`${one.origin}/settings`, { headers: { cookie } })).text();
  members.push({ cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! });
}
const paper = papers[0]!.arxivId;
const up = new Array<boolean>(CONNECTIONS).fill(false);
const vote = (client: number): LoadRequest => {
  up[client] = !up[client];
  const m = members[client]!;
  return {
    method: 'POST',
    path: '/votes',
    headers: {
      cookie: m.cookie,
      'sec-fetch-site': 'same-origin',
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ paper, action: up[client] ? 'up' : 'down', _csrf: m.csrf }).toString(),
  };
};

const runs = {
  home: { one: [] as number[], two: [] as number[] },
  votes: { one: [] as number[], two: [] as number[] },
};
let errors = 0;
// Warm-up: compile, fill the page caches and the connection pools.
for (const p of [one, two]) await load(p.origin, '/', { connections: CONNECTIONS, seconds: 1 });
for (let round = 0; round < ROUNDS; round++)
  for (const [name, p] of [
    ['one', one],
    ['two', two],
  ] as const) {
    const home = await load(p.origin, '/', { connections: CONNECTIONS, seconds: SECONDS });
    const votes = await load(p.origin, '/votes', {
      connections: CONNECTIONS,
      seconds: SECONDS,
      request: vote,
    });
    runs.home[name].push(home.rps);
    runs.votes[name].push(votes.rps);
    errors += home.errors + votes.errors;
  }

const figure = (r: { one: number[]; two: number[] }) => {
  const o = median(r.one);
  const t = median(r.two);
  return { oneNodeRps: Math.round(o), twoNodesRps: Math.round(t), ratio: Number((t / o).toFixed(2)) };
};
console.log(
  JSON.stringify(
    {
      bench: 'cluster',
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((x) => Number(x.toFixed(1))),
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      home: figure(runs.home),
      votes: figure(runs.votes),
      errors,
    },
    null,
    2,
  ),
);
for (const n of [a!, b!]) n.signal('SIGTERM');
await Promise.all([a!.exited, b!.exited, one.stop(), two.stop()]);
await db.close();
if (errors > 0) process.exitCode = 1;
