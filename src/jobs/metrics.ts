/** The queue and outbox figures /metrics reports, read from the database at scrape time. */
import type { Db } from '../db/connect.ts';
import { outboxBacklog } from '../digest/outbox.repo.ts';
import type { Clock } from '../shared/clock.ts';
import { processMetrics } from '../shared/metrics.ts';
import { jobCounts, oldestDueSeconds } from './queue.ts';

/** Makes this process's /metrics report the queue and outbox of `db`. */
export function reportQueueMetrics(deps: { db: Db; clock: Clock }) {
  processMetrics().queueSource.read = async () => ({
    jobs: { queued: 0, running: 0, done: 0, failed: 0, ...(await jobCounts(deps.db)) },
    oldestDueJobSeconds: await oldestDueSeconds(deps.db, deps.clock.now()),
    outbox: await outboxBacklog(deps.db),
  });
}
