/** The job queue (src/jobs/queue.ts): recurring and one-off background work, with leases. */
import type { Generated } from 'kysely';

export interface JobsTable {
  id: Generated<number>;
  /** What to run: a key of the handler map in jobs/schedule.ts (e.g. `arxiv-daily`). */
  kind: string;
  /** JSON arguments of the job. */
  payload: string;
  /** queued | running | done | failed */
  status: string;
  /** Not before this instant (ISO); also the retry time after a failure. */
  run_at: string;
  attempts: number;
  max_attempts: number;
  /** While running: the lease. A running job whose lease expired is claimed again. */
  locked_until: string | null;
  locked_by: string | null;
  last_error: string | null;
  /** Deduplicates enqueues (one row per scheduled tick, however many servers schedule it). */
  unique_key: string | null;
  /** The HTTP request that queued it (or queued the job that queued it), for the logs. */
  request_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface IngestTables {
  jobs: JobsTable;
}
