/**
 * `npm run bench:web`: requests/s and latency of the home page and a paper page, served
 * by the real `paperboy serve` over the bundled demo data (SQLite), against a bare Fastify
 * hello-world measured in the same run on the same machine. Prints JSON.
 *
 * Servers run in child processes; the load generator (bench/load.ts) runs here. Each
 * target is measured ROUNDS times after a warm-up and the medians are reported.
 * Env: BENCH_SECONDS (per round, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (50).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LoadResult, load } from './load.ts';
import { startServer as start } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function measure(origin: string, urlPath: string) {
  await load(origin, urlPath, { connections: CONNECTIONS, seconds: Math.min(2, SECONDS) }); // warm-up
  const rounds: LoadResult[] = [];
  for (let i = 0; i < ROUNDS; i++)
    rounds.push(await load(origin, urlPath, { connections: CONNECTIONS, seconds: SECONDS }));
  return {
    path: urlPath,
    rps: Math.round(median(rounds.map((r) => r.rps))),
    p50Ms: Number(median(rounds.map((r) => r.p50Ms)).toFixed(2)),
    p99Ms: Number(median(rounds.map((r) => r.p99Ms)).toFixed(2)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds: rounds.map((r) => Math.round(r.rps)),
  };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-web-'));
try {
  const hello = await start('bench/hello-server.ts', [], {});
  const baseline = await measure(hello.origin, '/');
  await hello.stop();

  const app = await start('src/main.ts', ['serve'], {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_DEMO: '1',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  });
  const homeHtml = await (await fetch(`${app.origin}/`)).text();
  const paperPath =
    /class="card-link" href="(\/papers\/[^"]+)"/.exec(homeHtml)?.[1] ??
    /href="(\/papers\/\d[^"#]+)"/.exec(homeHtml)?.[1];
  if (!paperPath) throw new Error('no paper link on the home page');
  const home = await measure(app.origin, '/');
  const paper = await measure(app.origin, paperPath);
  await app.stop();

  const ratio = (r: number) => Number((r / baseline.rps).toFixed(3));
  console.log(
    JSON.stringify(
      {
        bench: 'web',
        database: 'sqlite (demo dataset)',
        connections: CONNECTIONS,
        secondsPerRound: SECONDS,
        rounds: ROUNDS,
        cpus: os.cpus().length,
        baseline: { name: 'fastify hello-world', ...baseline },
        home: { ...home, ratioToBaseline: ratio(home.rps) },
        paper: { ...paper, ratioToBaseline: ratio(paper.rps) },
        aims: { ratioToBaseline: 0.4, p99Ms: 50 },
      },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
