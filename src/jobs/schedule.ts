/**
 * Every recurring job of an instance, in one list, and the scheduler that enqueues them.
 * Cron patterns come from the configuration and run in PAPERBOY_TIMEZONE. A tick only
 * enqueues (with a unique key per tick, so any number of worker processes enqueue it
 * once); a worker (worker.ts) claims it under a lease and runs it, retrying failures with
 * backoff. One-off jobs (a webhook delivery) go through the same queue.
 *
 * To add a recurring job: one entry in `recurringJobs` and its handler in `jobHandlers`.
 */
import { Cron } from 'croner';
import { sweepRateLimits } from '../community/rate-limits.repo.ts';
import { finishPendingSubmission, PENDING_SUBMISSION_JOB } from '../community/submissions.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { queueAlerts } from '../digest/alerts.ts';
import type { Mailer } from '../digest/mailer.ts';
import { queueScheduledEdition } from '../digest/send-edition.ts';
import { deliverDue } from '../digest/sender.ts';
import { DELIVERY_JOB, deliverWebhook, queueDailyWebhooks } from '../digest/webhooks.ts';
import { addDays, feedDateOf } from '../feed/dates.ts';
import { createHttpFetch, type HttpFetch } from '../ingest/http.ts';
import { ingestRss } from '../ingest/rss-ingest.ts';
import { createEmbedder, type Embedder } from '../search/embedder.ts';
import { embedMissing } from '../search/semantic.ts';
import { vectorSupport } from '../search/vectors.repo.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { summarisePapers, summarizerSettings } from '../summaries/summarize.ts';
import { enqueue, sweepJobs } from './queue.ts';
import { type JobHandler, startWorker } from './worker.ts';

interface RecurringJob {
  name: string;
  /** Cron pattern (5 or 6 fields), in PAPERBOY_TIMEZONE. */
  cron: string;
  /** The handler that runs it (a key of `jobHandlers`). */
  kind: string;
  payload: unknown;
  enabled: boolean;
  /** What it does, for `paperboy jobs`. */
  about: string;
}

const HOUSEKEEPING_CRON = '17 * * * *';
/** Papers one embedding run embeds at most (the next tick continues). */
const EMBED_BATCH = 1024;
/** Papers one summarising run takes at most (the next tick continues; the daily budget bounds the day). */
const SUMMARY_BATCH = 200;

export function recurringJobs(config: Config): RecurringJob[] {
  const digests = config.DIGEST_SCHEDULE;
  return [
    {
      name: 'arxiv-daily',
      cron: config.ARXIV_INGEST_CRON,
      kind: 'arxiv-daily',
      payload: { categories: config.ARXIV_CATEGORIES },
      enabled: config.ARXIV_INGEST,
      about: "the day's arXiv announcements for ARXIV_CATEGORIES, then their full records",
    },
    {
      name: 'embed',
      cron: config.EMBED_CRON ?? '',
      kind: 'embed',
      payload: {},
      enabled: config.EMBEDDER !== 'off' && config.EMBED_CRON !== null,
      about: `embeds papers that have no vector yet (at most ${EMBED_BATCH} per run)`,
    },
    {
      name: 'summarize',
      cron: config.SUMMARIZER_CRON,
      kind: 'summarize',
      payload: {},
      enabled: config.SUMMARIZER !== 'off',
      about: `writes AI summaries of ${config.SUMMARIZER_SCOPE} papers lacking one (at most ${SUMMARY_BATCH} per run, within the daily budget)`,
    },
    edition('digest:daily', config.DIGEST_DAILY_CRON, digests, 'daily'),
    edition('digest:weekly', config.DIGEST_WEEKLY_CRON, digests, 'weekly'),
    {
      name: 'digest:alerts',
      cron: config.DIGEST_ALERT_CRON,
      kind: 'digest:alerts',
      payload: {},
      enabled: digests,
      about: 'runs saved-search alerts and queues mail for new matches',
    },
    {
      name: 'digest:deliver',
      // Due outbox rows are picked up this often, besides right after an edition is queued.
      cron: config.DIGEST_DELIVER_CRON,
      kind: 'digest:deliver',
      payload: {},
      enabled: true,
      about: 'delivers due outbox messages (new, retries, left by a crashed sender)',
    },
    {
      name: 'webhooks:daily',
      cron: config.WEBHOOK_CRON,
      kind: 'webhooks:daily',
      payload: {},
      enabled: true,
      about: "queues yesterday's feed day for every webhook (one delivery job each)",
    },
    {
      name: 'housekeeping',
      cron: HOUSEKEEPING_CRON,
      kind: 'housekeeping',
      payload: {},
      enabled: true,
      about: 'deletes ended rate-limit windows and old finished jobs',
    },
  ];
}

function edition(name: string, cron: string, enabled: boolean, kind: 'daily' | 'weekly'): RecurringJob {
  return {
    name,
    cron,
    kind: 'digest:edition',
    payload: { kind },
    enabled,
    about: `composes and queues the ${kind} edition for its subscribers`,
  };
}

export interface JobDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  mailer: Mailer;
  /** How ingest reaches arXiv (absent: the real, polite HTTP client). */
  http?: HttpFetch;
  /** How webhooks are posted (absent: the global fetch). */
  fetch?: typeof fetch;
  /** The embedder (absent: built from the configuration on the first embedding run). */
  embedder?: Embedder | null;
}

export function jobHandlers(deps: JobDeps): Record<string, JobHandler> {
  const { db, clock, config } = deps;
  const http = deps.http ?? createHttpFetch(config);
  let embedder = deps.embedder;
  const deliverSoon = () => enqueue(db, { kind: 'digest:deliver' }, clock.now());
  return {
    'arxiv-daily': async (payload) => {
      const { categories } = payload as { categories: string[] };
      const r = await ingestRss({ ...deps, http }, categories, { enrich: true });
      return { announced: r.byType, papers: r.counts, enriched: r.enriched };
    },
    embed: async () => {
      if (embedder === undefined) embedder = createEmbedder(config);
      if (!embedder) return { skipped: 'EMBEDDER=off' };
      const support = await vectorSupport(db);
      if (!support.ok) return { skipped: support.reason };
      return embedMissing({ db, clock, embedder }, { max: EMBED_BATCH });
    },
    summarize: async () => {
      const settings = summarizerSettings(config);
      if (!settings) return { skipped: 'SUMMARIZER=off' };
      const r = await summarisePapers({ db, clock, settings, log: deps.log }, { max: SUMMARY_BATCH });
      // A spent budget is the plan; an endpoint that refuses or is down is an error to see in `paperboy jobs`.
      if (r.stopped && r.stopped.why !== 'budget')
        throw new Error(`${r.stopped.message} (${r.summarised} papers summarised before stopping)`);
      return r;
    },
    'digest:edition': async (payload) => {
      const { kind } = payload as { kind: 'daily' | 'weekly' };
      const r = await queueScheduledEdition(deps, kind);
      if (r.queued > 0) await deliverSoon();
      return { outcome: r.outcome, edition: r.spec?.key, queued: r.queued };
    },
    'digest:alerts': async () => {
      const r = await queueAlerts(deps);
      if (r.queued > 0) await deliverSoon();
      return { checked: r.checked, queued: r.queued };
    },
    'digest:deliver': async (_payload, _job, signal) => deliverDue(deps, { signal }),
    'webhooks:daily': async () => {
      // Yesterday's feed day is complete; today's is still filling up.
      const today = feedDateOf(clock.now(), config.PAPERBOY_TIMEZONE, config.FEED_ROLLOVER);
      return queueDailyWebhooks(deps, addDays(today, -1));
    },
    [PENDING_SUBMISSION_JOB]: async (payload) => finishPendingSubmission({ ...deps, http }, payload),
    [DELIVERY_JOB]: async (payload, job) =>
      deliverWebhook(deps, (payload as { delivery: number }).delivery, job.attempts),
    housekeeping: async () => {
      const now = clock.now();
      return { rateLimits: await sweepRateLimits(db, now), jobs: await sweepJobs(db, now) };
    },
  };
}

/**
 * The unique key of one tick of a recurring job: its name and scheduled minute (second,
 * for a 6-field cron). Processes fire a few milliseconds apart; the key absorbs that.
 */
function tickKey(job: RecurringJob, at: Date): string {
  const seconds = job.cron.trim().split(/\s+/).length === 6;
  return `${job.name}@${at.toISOString().slice(0, seconds ? 19 : 16)}`;
}

/** Enqueues one tick of a job; returns false when that tick was already enqueued. */
export async function enqueueTick(db: Db, job: RecurringJob, at: Date, now: Date): Promise<boolean> {
  return (
    (await enqueue(db, { kind: job.kind, payload: job.payload, uniqueKey: tickKey(job, at) }, now)) !== null
  );
}

/** The next run of a job's cron after `from`, in PAPERBOY_TIMEZONE (null when disabled). */
export function nextRun(job: RecurringJob, timezone: string, from: Date): Date | null {
  if (!job.enabled) return null;
  const c = new Cron(job.cron, { timezone, paused: true });
  const next = c.nextRun(from);
  c.stop();
  return next;
}

/**
 * Starts the cron triggers of every enabled recurring job and a worker running the queue;
 * `stop()` ends both, waiting for a running job. Any number of processes may run this.
 */
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
  deps.log.info(
    { jobs: jobs.map((j, i) => ({ name: j.name, next: crons[i]!.nextRun()?.toISOString() })) },
    'job scheduler started',
  );
  return {
    async stop() {
      for (const c of crons) c.stop();
      await worker.stop();
    },
  };
}
