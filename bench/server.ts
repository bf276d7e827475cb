/** Starting a server in a child process for the benchmarks, and reading its memory. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../test/support/cluster.ts';

export { freePort };

const ROOT = path.resolve(import.meta.dirname, '..');

export interface RunningServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Runs `script` with tsx and waits until it answers HTTP. The child gets this process's
 * environment plus `env`, except DATABASE_URL, which it gets only when `env` names it.
 */
export async function startServer(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<RunningServer> {
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined };
  Object.assign(childEnv, env, { PORT: String(port) });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      await fetch(origin);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    origin,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident and peak resident memory of a process in MiB (Linux /proc). */
export function processMemoryMb(pid: number): { rss_mb: number; peak_rss_mb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss_mb: Math.round(kb('VmRSS') / 1024), peak_rss_mb: Math.round(kb('VmHWM') / 1024) };
}

/**
 * `paperboy serve` over the bundled demo data (SQLite, no embedder) in a scratch data
 * directory, with the pages the web benchmarks visit: home, a paper, a search, trending.
 */
export async function startDemoServer(): Promise<RunningServer & { pages: Record<string, string> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-demo-'));
  const server = await startServer('src/main.ts', ['serve'], {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_DEMO: '1',
    EMBEDDER: 'off',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
  });
  const stop = async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const home = await (await fetch(`${server.origin}/`)).text();
  const paper =
    /class="card-link" href="(\/papers\/[^"]+)"/.exec(home)?.[1] ??
    /href="(\/papers\/\d[^"#]+)"/.exec(home)?.[1];
  if (!paper) {
    await stop();
    throw new Error('no paper link on the home page');
  }
  const pages = { home: '/', paper, search: '/search?q=language+models', trending: '/papers/trending' };
  return { ...server, stop, pages };
}
