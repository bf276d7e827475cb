/**
 * Every recurring job, in one list, and the scheduler that enqueues them. Cron patterns
 * run in PAPERBOY_TIMEZONE. A tick only enqueues (with a unique key per tick, so several
 * server processes enqueue it once); the worker (worker.ts) runs it, retrying failures.
 *
 * To add a recurring job: one entry in `recurringJobs` and its handler in `jobHandlers`.
 */
import { Cron } from 'croner';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { createHttpFetch, type HttpFetch } from '../ingest/http.ts';
import { ingestRss } from '../ingest/rss-ingest.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { enqueue } from './queue.ts';
import { type JobHandler, startWorker } from './worker.ts';

export interface RecurringJob {
  name: string;
  /** Cron pattern (5 or 6 fields), in PAPERBOY_TIMEZONE. */
  cron: string;
  kind: string;
  payload: unknown;
  enabled: boolean;
}

export function recurringJobs(config: Config): RecurringJob[] {
  return [
    {
      // The day's arXiv announcements for the configured categories, then full records
      // from the export API.
      name: 'arxiv-daily',
      cron: config.ARXIV_INGEST_CRON,
      kind: 'arxiv-daily',
      payload: { categories: config.ARXIV_CATEGORIES },
      enabled: config.ARXIV_INGEST,
    },
  ];
}

export interface JobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  http?: HttpFetch;
}

export function jobHandlers(deps: JobDeps): Record<string, JobHandler> {
  const http = deps.http ?? createHttpFetch(deps.config);
  return {
    'arxiv-daily': async (payload) => {
      const { categories } = payload as { categories: string[] };
      const r = await ingestRss({ ...deps, http }, categories, { enrich: true });
      return { announced: r.byType, papers: r.counts, enriched: r.enriched };
    },
  };
}

/** The unique key of one tick of a recurring job: its name and scheduled minute. */
export function tickKey(job: RecurringJob, at: Date): string {
  return `${job.name}@${at.toISOString().slice(0, 16)}`;
}

/** Enqueues one tick of a job; returns false when that tick was already enqueued. */
export async function enqueueTick(db: Db, job: RecurringJob, at: Date, now: Date): Promise<boolean> {
  return (
    (await enqueue(db, { kind: job.kind, payload: job.payload, uniqueKey: tickKey(job, at) }, now)) !== null
  );
}

/** Starts the cron triggers and the worker; `stop()` ends both (waiting for a running job). */
export function startScheduler(deps: JobDeps, opts: { pollMs?: number } = {}) {
  const worker = startWorker({ ...deps, handlers: jobHandlers(deps) }, opts);
  const jobs = recurringJobs(deps.config).filter((j) => j.enabled);
  const crons = jobs.map(
    (job) =>
      new Cron(job.cron, { timezone: deps.config.PAPERBOY_TIMEZONE, protect: true }, async (self: Cron) => {
        const at = self.currentRun() ?? deps.clock.now();
        try {
          if (await enqueueTick(deps.db, job, at, deps.clock.now())) worker.poke();
        } catch (err) {
          deps.log.error({ err, job: job.name }, 'could not enqueue a scheduled job');
        }
      }),
  );
  crons.forEach((c, i) => {
    deps.log.info({ job: jobs[i]!.name, next: c.nextRun()?.toISOString() }, 'scheduled recurring job');
  });
  return {
    async stop() {
      for (const c of crons) c.stop();
      await worker.stop();
    },
  };
}
