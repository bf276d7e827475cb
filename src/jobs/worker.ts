/**
 * Runs queued jobs in a worker process (`paperboy serve --role worker|all`). One job at a time per worker; a failing job is
 * logged and re-queued with backoff (queue.ts); nothing a job does — throw, reject, hang
 * the database — escapes the loop and takes the server down.
 */
import os from 'node:os';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { withRequestId } from '../shared/context.ts';
import type { Logger } from '../shared/log.ts';
import { processMetrics } from '../shared/metrics.ts';
import { claim, complete, fail, type Job, renewLease } from './queue.ts';

/**
 * Runs one job. `signal` aborts when the worker is asked to stop: a long handler (an
 * outbox delivery pass) finishes what it holds and returns early; what it leaves is
 * picked up by the next run, on this worker or another.
 */
export type JobHandler = (payload: unknown, job: Job, signal: AbortSignal) => Promise<unknown>;

interface WorkerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
}

const LEASE_MS = 15 * 60_000;

const workerId = () => `${os.hostname()}:${process.pid}`;

/** Claims and runs one due job; returns false when there was none. */
export async function runNextJob(
  deps: WorkerDeps,
  worker = workerId(),
  signal = new AbortController().signal,
): Promise<boolean> {
  const kinds = Object.keys(deps.handlers);
  const job = await claim(deps.db, { worker, now: deps.clock.now(), leaseMs: LEASE_MS, kinds });
  if (!job) return false;
  // The job runs as part of the request that queued it: its log lines, and jobs it queues, carry that id.
  if (job.request_id) await withRequestId(job.request_id, () => runJob(deps, worker, job, signal));
  else await runJob(deps, worker, job, signal);
  return true;
}

async function runJob(deps: WorkerDeps, worker: string, job: Job, signal: AbortSignal) {
  const metrics = processMetrics();
  const endTimer = metrics.jobDuration.startTimer({ kind: job.kind });
  const log = deps.log.child({ job: job.id, kind: job.kind, attempt: job.attempts });
  // Long jobs keep their lease; a dead worker's lease runs out and another takes the job.
  const renew = setInterval(() => {
    renewLease(deps.db, job, worker, new Date(deps.clock.now().getTime() + LEASE_MS)).catch(() => {});
  }, LEASE_MS / 3);
  renew.unref();
  try {
    const result = await deps.handlers[job.kind]!(JSON.parse(job.payload), job, signal);
    await complete(deps.db, job, worker, deps.clock.now());
    metrics.jobsRun.inc({ kind: job.kind, outcome: 'done' });
    log.info({ result }, 'job done');
  } catch (err) {
    const status = await fail(deps.db, job, worker, err, deps.clock.now());
    metrics.jobsRun.inc({ kind: job.kind, outcome: status === 'failed' ? 'failed' : 'retry' });
    log.error({ err, status }, status === 'failed' ? 'job failed for good' : 'job failed; will retry');
  } finally {
    clearInterval(renew);
    endTimer();
  }
}

/** Runs due jobs (of `kinds`, default all with a handler) until none is due; returns how many ran. */
export async function runDueJobs(deps: WorkerDeps, worker = workerId()): Promise<number> {
  let n = 0;
  while (await runNextJob(deps, worker)) n++;
  return n;
}

/** Polls for due jobs until stopped. */
export function startWorker(deps: WorkerDeps, opts: { pollMs?: number } = {}) {
  const pollMs = opts.pollMs ?? 30_000;
  let stopped = false;
  let busy = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const stopping = new AbortController();
  const worker = workerId();
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    clearTimeout(timer);
    try {
      while (!stopped && (await runNextJob(deps, worker, stopping.signal))) {}
    } catch (err) {
      deps.log.error({ err }, 'job queue unavailable; will poll again');
    } finally {
      busy = false;
    }
    if (!stopped) {
      timer = setTimeout(() => {
        running = tick();
      }, pollMs);
      timer.unref();
    }
  };
  running = tick();
  return {
    /** Wake the worker now (after enqueueing). */
    poke() {
      if (!busy && !stopped) running = tick();
    },
    /** Claims nothing more, asks the running job to wrap up, and waits for it. */
    async stop() {
      stopped = true;
      stopping.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
