/**
 * `npm run bench:cli`: start-up of the command line and of the server, against `node -e ''`
 * and tsx's loader alone, measured in the same run, rounds interleaved. Prints JSON with
 * medians of wall time and of CPU time (user + system, read from /proc: on a machine
 * shared with other work the wall time mostly measures waiting for a core).
 *
 * - `paperboy --help`, compiled (`node bin/paperboy.js`, dist/ built first) and from the
 *   TypeScript sources through tsx (how it ran before dist/ existed);
 * - the server until its port accepts connections, compiled and through tsx, on a demo
 *   database prepared beforehand (migrated, demo loaded), so no run loads the demo.
 * Env: BENCH_RUNS (default 5).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TICK_MS = 1000 / 100; // USER_HZ

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** CPU time of this process's waited-for children so far, in ms (Linux /proc). */
function childrenCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS; // cutime + cstime
}

interface Sample {
  wallMs: number;
  cpuMs: number;
}

function runToExit(args: string[], env: Record<string, string> = {}): Sample {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...env } });
  return { wallMs: performance.now() - t0, cpuMs: childrenCpuMs() - cpu0 };
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** Starts `serve` and measures until its port accepts a connection; then stops it. */
async function timeListening(args: string[], dataDir: string): Promise<Sample> {
  const port = await freePort();
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      PAPERBOY_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDER: 'off',
      LOG_LEVEL: 'warn',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  while (!(await connects(port))) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const wallMs = performance.now() - t0;
  child.kill('SIGKILL');
  await exited;
  // The CPU figure includes the few ms between listening and the kill.
  return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
}

execFileSync(process.execPath, ['scripts/build.js'], {
  cwd: ROOT,
  stdio: ['ignore', process.stderr, process.stderr],
});
// One demo database for every server run: migrated and loaded here, not timed.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-cli-'));
execFileSync(process.execPath, ['bin/paperboy.js', 'migrate'], {
  cwd: ROOT,
  stdio: 'ignore',
  env: { ...process.env, DATABASE_URL: undefined, PAPERBOY_DATA_DIR: dataDir },
});
await timeListening(['bin/paperboy.js', 'serve'], dataDir); // loads the demo into the empty database

const cases: Record<string, () => Sample | Promise<Sample>> = {
  baselineNodeEmpty: () => runToExit(['-e', '']),
  tsxLoaderEmpty: () => runToExit(['--import', 'tsx', '-e', '']),
  helpCompiled: () => runToExit(['bin/paperboy.js', '--help']),
  helpThroughTsx: () => runToExit(['--import', 'tsx', 'src/main.ts', '--help']),
  serverListeningCompiled: () => timeListening(['bin/paperboy.js', 'serve'], dataDir),
  serverListeningThroughTsx: () => timeListening(['--import', 'tsx', 'src/main.ts', 'serve'], dataDir),
};
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < RUNS; i++)
  for (const [name, run] of Object.entries(cases)) samples[name]!.push(await run());
fs.rmSync(dataDir, { recursive: true, force: true });

const med = (k: keyof Sample) =>
  Object.fromEntries(Object.entries(samples).map(([n, s]) => [n, Math.round(median(s.map((x) => x[k])))]));
const wall = med('wallMs');
const cpu = med('cpuMs');
const ratio = (m: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(m).map(([k, v]) => [k, Number((v / Math.max(1, m.baselineNodeEmpty!)).toFixed(2))]),
  );
console.log(
  JSON.stringify(
    {
      bench: 'cli-start',
      runs: RUNS,
      medianWallMs: wall,
      medianCpuMs: cpu,
      wallOverNodeEmpty: ratio(wall),
      cpuOverNodeEmpty: ratio(cpu),
      wallMsByRun: Object.fromEntries(
        Object.entries(samples).map(([k, s]) => [k, s.map((x) => Math.round(x.wallMs))]),
      ),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      cpus: os.cpus().length,
      node: process.version,
    },
    null,
    2,
  ),
);
