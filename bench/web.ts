/**
 * `npm run bench:web`: requests/s and latency of the home, a paper, a search and the
 * trending page, served anonymously by the real `paperboy serve` over the bundled demo
 * data (SQLite), against a bare Fastify hello-world measured in the same run on the same
 * machine. Prints JSON.
 *
 * Requests carry what a browser (or a CDN in front) sends: `Accept: text/html` and
 * `Accept-Encoding: gzip, deflate, br`, so pages go out compressed, as they do to readers;
 * `homeIdentity` and `paperIdentity` ask without Accept-Encoding (33 KB of plain HTML per
 * home page). `search` repeats one query (the page cache answers); `searchDistinct` sends
 * a different query each time (every request runs the search).
 *
 * On a machine shared with other work, requests/s mostly measure the neighbours; the server's
 * own CPU time per request (from /proc, `cpuUsPerRequest`) does not, so each page also gets
 * `cpuRatioToBaseline`: hello-world's CPU per request over the page's (what the requests/s
 * ratio tends to when the server is CPU-bound on a quiet machine).
 *
 * Servers run in child processes; the load generator (bench/load.ts) runs here. Rounds are
 * interleaved (hello-world, home, paper, search, trending, then again), so a change in the
 * machine's load during the run hits every target alike; medians are reported.
 * Env: BENCH_SECONDS (per round, default 5), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (50).
 */
import fs from 'node:fs';
import os from 'node:os';
import { type LoadRequest, type LoadResult, load } from './load.ts';
import { startServer as start, startDemoServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; 10 ms ticks). */
function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime
}

type Round = LoadResult & { cpuUsPerRequest: number };

function summary(urlPath: string, rounds: Round[]) {
  return {
    path: urlPath,
    rps: Math.round(median(rounds.map((r) => r.rps))),
    cpuUsPerRequest: Math.round(median(rounds.map((r) => r.cpuUsPerRequest))),
    p50Ms: Number(median(rounds.map((r) => r.p50Ms)).toFixed(2)),
    p99Ms: Number(median(rounds.map((r) => r.p99Ms)).toFixed(2)),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    rounds: rounds.map((r) => Math.round(r.rps)),
  };
}

/** Two words of the demo's vocabulary, a different pair for each n (2,550 pairs before one repeats). */
const WORDS = (
  'language model learning neural network graph vision transformer attention reasoning ' +
  'agent robot policy reward diffusion image video speech audio retrieval benchmark dataset ' +
  'training inference efficient sparse memory optimization gradient adversarial robust privacy ' +
  'federated causal generative latent embedding token context alignment safety evaluation ' +
  'multimodal translation summarization code program math physics protein molecule'
).split(' ');
function distinctQuery(n: number): string {
  const a = n % WORDS.length;
  const b = (a + 1 + (Math.floor(n / WORDS.length) % (WORDS.length - 1))) % WORDS.length;
  return `${WORDS[a]} ${WORDS[b]}`;
}

const hello = await start('bench/hello-server.ts', [], {});
const app = await startDemoServer();
try {
  const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
  const get =
    (path: string, headers: Record<string, string> = browser) =>
    (): LoadRequest => ({ method: 'GET', path, headers });
  let n = 0;
  const distinct = () => `/search?q=${encodeURIComponent(distinctQuery(n++))}`;
  const targets: Record<string, { origin: string; path: string; request: () => LoadRequest }> = {
    baseline: { origin: hello.origin, path: '/', request: get('/') },
    ...Object.fromEntries(
      Object.entries(app.pages).map(([name, p]) => [name, { origin: app.origin, path: p, request: get(p) }]),
    ),
    searchDistinct: {
      origin: app.origin,
      path: '/search?q=<word> <word>',
      request: () => get(distinct())(),
    },
    homeIdentity: { origin: app.origin, path: app.pages.home!, request: get(app.pages.home!, {}) },
    paperIdentity: { origin: app.origin, path: app.pages.paper!, request: get(app.pages.paper!, {}) },
  };
  const results = Object.fromEntries(Object.keys(targets).map((k) => [k, [] as Round[]]));
  for (const t of Object.values(targets))
    await load(t.origin, t.path, {
      connections: CONNECTIONS,
      seconds: Math.min(2, SECONDS),
      request: t.request,
    }); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    for (const [name, t] of Object.entries(targets)) {
      const pid = t.origin === hello.origin ? hello.pid : app.pid;
      const cpu0 = cpuMsOf(pid);
      const r = await load(t.origin, t.path, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        request: t.request,
      });
      results[name]!.push({
        ...r,
        cpuUsPerRequest: ((cpuMsOf(pid) - cpu0) * 1000) / Math.max(1, r.requests),
      });
    }
    process.stderr.write(`bench:web: round ${i + 1}/${ROUNDS}\n`);
  }
  const baseline = summary('/', results.baseline!);
  const ratio = (r: number) => Number((r / baseline.rps).toFixed(3));
  const pages = Object.fromEntries(
    Object.entries(targets)
      .filter(([name]) => name !== 'baseline')
      .map(([name, t]) => {
        const s = summary(t.path, results[name]!);
        const cpuRatioToBaseline = Number(
          (baseline.cpuUsPerRequest / Math.max(1, s.cpuUsPerRequest)).toFixed(3),
        );
        return [name, { ...s, ratioToBaseline: ratio(s.rps), cpuRatioToBaseline }];
      }),
  );
  console.log(
    JSON.stringify(
      {
        bench: 'web',
        database: 'sqlite (demo dataset), anonymous requests',
        connections: CONNECTIONS,
        secondsPerRound: SECONDS,
        rounds: ROUNDS,
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
        baseline: { name: 'fastify hello-world', ...baseline },
        ...pages,
        aims: { homeAndPaperRatioToBaseline: 0.4, p99Ms: 50 },
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all([hello.stop(), app.stop()]);
}
