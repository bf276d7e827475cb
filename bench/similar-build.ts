/**
 * The similar-papers index's build and the main thread's responsiveness: prints JSON.
 *
 *   npm run bench:similar-build -- --sqlite-file FILE     # e.g. a database kept by bench:search --keep
 *   npm run bench:similar-build -- --database-url postgres://…/NAME
 *
 * Over one existing database, in one process, three phases: no build (the baseline), the
 * index built in this thread (as before the worker), then in a worker thread
 * (`similar-build.ts`). In each, keyword searches through the real use case
 * (`searchPapers`, lexical, 10 results) arrive one at a time, each `--interval` ms after
 * the previous one answered, as from one client, and each is timed from its arrival (a
 * search arriving while the thread is blocked waits the block out), while
 * `monitorEventLoopDelay` records the event loop's delays (sampled every millisecond,
 * which each value includes) and the thread's heap is sampled. Phases last as long as
 * their build (the baseline: `--baseline-seconds`). Reports p50 / p95 / max search
 * latency, the event loop's p50 / p99 / max delay, the peak heap of this thread, the
 * build's time and whether the two builds gave the same index. Figures in docs/SEARCH.md.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { searchPapers } from '../src/search/search.ts';
import { searchSettings } from '../src/search/settings.ts';
import { buildIndex } from '../src/search/similar-build.ts';
import type { SimilarIndex } from '../src/search/similar-index.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { benchQueries, loadRealPapers, round, stats } from './search-corpus.ts';

const { values: args } = parseArgs({
  options: {
    'sqlite-file': { type: 'string' },
    'database-url': { type: 'string' },
    interval: { type: 'string', default: '100' },
    'baseline-seconds': { type: 'string', default: '20' },
  },
});
if (!args['sqlite-file'] === !args['database-url'])
  throw new Error('give one of --sqlite-file FILE or --database-url postgres://…');

const db = connect(
  args['sqlite-file'] ? { sqlitePath: args['sqlite-file'] } : { databaseUrl: args['database-url'] },
);
const clock = fixedClock('2026-07-02T00:00:00Z');
const settings = searchSettings(loadConfig({}));
const queries = benchQueries(await loadRealPapers(), 500);
const interval = Number(args.interval);
const search = (q: string) => searchPapers({ db, clock, settings }, q, { mode: 'lexical', limit: 10 });
for (const q of queries.slice(0, 50)) await search(q); // warm caches

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Searches, each `interval` ms after the last answer, until `done` settles; each timed from its arrival. */
async function measure(done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let heapPeak = process.memoryUsage().heapUsed;
  const heap = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 250);
  delay.enable();
  const ms: number[] = [];
  const start = performance.now();
  for (let i = 0; !finished; i++) {
    const arrival = performance.now() + interval;
    await sleep(interval);
    if (finished) break;
    await search(queries[i % queries.length]!);
    ms.push(performance.now() - arrival);
  }
  delay.disable();
  clearInterval(heap);
  const toMs = (ns: number) => round(ns / 1e6);
  return {
    seconds: round((performance.now() - start) / 1000, 1),
    searches: ms.length,
    search_ms: stats(ms),
    event_loop_delay_ms: {
      p50: toMs(delay.percentile(50)),
      p99: toMs(delay.percentile(99)),
      max: toMs(delay.max),
    },
    heap_peak_mb: Math.round(heapPeak / 2 ** 20),
  };
}

async function phase(inWorker: boolean) {
  const t = performance.now();
  const build = buildIndex(db, { inWorker });
  const m = await measure(build);
  const built = await build;
  return {
    result: {
      built_in: built.builtIn,
      build_s: round((performance.now() - t) / 1000, 1),
      index_mb: round(built.index.bytes / 2 ** 20, 0),
      ...m,
    },
    index: built.index,
  };
}

const same = (a: SimilarIndex, b: SimilarIndex) =>
  (['ids', 'hashes', 'offsets', 'df', 'docs', 'weights'] as const).every(
    (k) => a[k].length === b[k].length && a[k].every((v, i) => v === b[k][i]),
  ) && a.listedUpTo === b.listedUpTo;

const out: Record<string, unknown> = {
  database: db.dialect,
  machine: {
    cpus: os.cpus().length,
    node: process.version,
    loadavg_at_start: os.loadavg().map((l) => round(l)),
  },
  interval_ms: interval,
};
out.baseline_no_build = await measure(sleep(Number(args['baseline-seconds']) * 1000));
const main = await phase(false);
out.main_thread_build = main.result;
const worker = await phase(true);
out.worker_build = worker.result;
out.same_index = same(main.index, worker.index);
out.loadavg_at_end = os.loadavg().map((l) => round(l));
await db.close();
console.log(JSON.stringify(out, null, 2));
