/** What the summariser's tests share: featured papers, and `paperboy` run as a real process. */
import { importBatch } from '../../src/papers/papers.repo.ts';
import type { PaperRecord } from '../../src/papers/types.ts';
import type { TestDb } from '../support/db.ts';
import { type PaperboyProcess, spawnPaperboy } from '../support/paperboy-process.ts';

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
export function runPaperboy(
  args: string[],
  opts: { dataDir: string; databaseUrl?: string; env: Record<string, string> },
): PaperboyProcess {
  return spawnPaperboy(args, {
    PAPERBOY_DATA_DIR: opts.dataDir,
    PAPERBOY_DEMO: '0',
    PAPERBOY_TIMEZONE: 'UTC',
    BASE_URL: 'http://paperboy.test',
    LOG_LEVEL: 'silent',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...opts.env,
  });
}
