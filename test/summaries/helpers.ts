/** What the summariser's tests share: featured papers, and `paperboy` run as a real process. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { importBatch } from '../../src/papers/papers.repo.ts';
import type { PaperRecord } from '../../src/papers/types.ts';
import type { TestDb } from '../support/db.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const FEED_DATE = '2026-08-21';

/** Stores `papers`, featuring them on FEED_DATE except those listed in `unfeatured`. */
export async function storeFeatured(db: TestDb, papers: PaperRecord[], unfeatured: string[] = []) {
  const entries = papers
    .filter((p) => !unfeatured.includes(p.arxivId))
    .map((p) => ({ arxivId: p.arxivId, feedDate: FEED_DATE, submittedAt: `${FEED_DATE}T09:00:00.000Z` }));
  await importBatch(db, papers, entries, { source: 'test', now: new Date(`${FEED_DATE}T12:00:00.000Z`) });
}

/**
 * `paperboy <args>` in a child process over the test's database (SQLite in `dataDir`, or
 * PostgreSQL at `databaseUrl`), with `env` on top of a quiet, demo-less instance.
 */
export function spawnPaperboy(
  args: string[],
  opts: { dataDir: string; databaseUrl?: string; env: Record<string, string> },
): { child: ChildProcess; output(): string; exited: Promise<number | null> } {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PAPERBOY_DATA_DIR: opts.dataDir,
    PAPERBOY_DEMO: '0',
    PAPERBOY_TIMEZONE: 'UTC',
    BASE_URL: 'http://paperboy.test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: opts.databaseUrl,
    ...opts.env,
  };
  if (!opts.databaseUrl) delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}
