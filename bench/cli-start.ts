/**
 * `npm run bench:cli`: how long `paperboy --help` takes to start and exit, as the
 * project runs it today (TypeScript through tsx's loader), against `node -e ''` and
 * tsx's loader alone, measured in the same run. Prints JSON with medians.
 * Env: BENCH_RUNS (default 5).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function time(args: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    out.push(performance.now() - t0);
  }
  return out;
}

const cases = {
  baselineNodeEmpty: time(['-e', '']),
  tsxLoaderEmpty: time(['--import', 'tsx', '-e', '']),
  paperboyHelp: time(['--import', 'tsx', 'src/main.ts', '--help']),
};
const med = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, Math.round(median(v))]));
console.log(
  JSON.stringify(
    {
      bench: 'cli-start',
      runs: RUNS,
      medianMs: med,
      msByRun: Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.map(Math.round)])),
      helpOverBaselineMs: med.paperboyHelp! - med.baselineNodeEmpty!,
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      cpus: os.cpus().length,
      node: process.version,
    },
    null,
    2,
  ),
);
