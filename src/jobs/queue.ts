/**
 * A small DB-backed job queue, the same on SQLite and PostgreSQL.
 *
 * - `enqueue` inserts a job; a `uniqueKey` makes it idempotent (one row per scheduled
 *   tick, however many server processes schedule it).
 * - `claim` takes the oldest due job and leases it to one worker until `locked_until`.
 *   On PostgreSQL the candidate row is locked `FOR UPDATE SKIP LOCKED`, so concurrent
 *   workers never take the same job and never wait on each other; SQLite serialises
 *   writers, so the single UPDATE … WHERE id = (SELECT …) is atomic there.
 * - A job whose worker died (lease expired while `running`) is claimed again.
 * - `fail` re-queues with exponential backoff until `max_attempts`, then marks `failed`;
 *   the error text is kept in `last_error`.
 */
import type { Db } from '../db/connect.ts';
import type { JobsTable } from '../db/tables/ingest.ts';
import { currentRequestId } from '../shared/context.ts';

export type Job = Omit<JobsTable, 'id'> & { id: number };

interface EnqueueInput {
  kind: string;
  payload?: unknown;
  runAt?: Date;
  uniqueKey?: string;
  maxAttempts?: number;
}

/** Inserts a job; returns its id, or null when a job with the same uniqueKey exists. */
export async function enqueue(db: Db, input: EnqueueInput, now: Date): Promise<number | null> {
  const at = now.toISOString();
  const row = await db.kysely
    .insertInto('jobs')
    .values({
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? {}),
      status: 'queued',
      run_at: (input.runAt ?? now).toISOString(),
      attempts: 0,
      max_attempts: input.maxAttempts ?? 5,
      locked_until: null,
      locked_by: null,
      last_error: null,
      unique_key: input.uniqueKey ?? null,
      // Queued while serving a request (or running a job a request queued): its id follows.
      request_id: currentRequestId() ?? null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Leases the oldest due job (or one whose lease expired) to `worker`; null when none is due. */
export async function claim(
  db: Db,
  opts: { worker: string; now: Date; leaseMs: number; kinds?: string[] },
): Promise<Job | null> {
  const now = opts.now.toISOString();
  const until = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
  const row = await db.kysely
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      locked_by: opts.worker,
      locked_until: until,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', (eb) => {
      let q = eb
        .selectFrom('jobs')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'queued'), w('run_at', '<=', now)]),
            w.and([w('status', '=', 'running'), w('locked_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(1);
      if (opts.kinds?.length) q = q.where('kind', 'in', opts.kinds);
      return db.dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
    })
    .returningAll()
    .executeTakeFirst();
  return (row as Job | undefined) ?? null;
}

/** Extends the lease of a running job (long jobs call this periodically). */
export async function renewLease(db: Db, job: Job, worker: string, until: Date): Promise<void> {
  await db.kysely
    .updateTable('jobs')
    .set({ locked_until: until.toISOString() })
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .where('status', '=', 'running')
    .execute();
}

export async function complete(db: Db, job: Job, worker: string, now: Date): Promise<void> {
  await db.kysely
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, last_error: null, updated_at: now.toISOString() })
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .execute();
}

/** Base delay before the first retry; doubles per attempt, capped at RETRY_MAX_MS. */
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;

/** A failure that retrying cannot change (a refusal): the job is marked failed at once. */
export class FinalJobError extends Error {
  override name = 'FinalJobError';
}

/** Re-queues with backoff, or marks the job failed after its last attempt (or a FinalJobError). Returns the new status. */
export async function fail(
  db: Db,
  job: Job,
  worker: string,
  error: unknown,
  now: Date,
): Promise<'queued' | 'failed'> {
  const last = job.attempts >= job.max_attempts || error instanceof FinalJobError;
  const delay = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, job.attempts - 1), RETRY_MAX_MS);
  const message = error instanceof Error ? error.message : String(error);
  await db.kysely
    .updateTable('jobs')
    .set({
      status: last ? 'failed' : 'queued',
      run_at: last ? job.run_at : new Date(now.getTime() + delay).toISOString(),
      locked_until: null,
      locked_by: null,
      last_error: message.slice(0, 2000),
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', worker)
    .execute();
  return last ? 'failed' : 'queued';
}

export async function getJob(db: Db, id: number): Promise<Job | null> {
  return (
    ((await db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst()) as Job) ?? null
  );
}

/**
 * Frees a unique key held by a finished (done or failed) job, so work under that key can
 * be queued again; a queued or running job keeps it (and so stays the only one).
 */
export async function releaseFinishedKey(db: Db, uniqueKey: string): Promise<void> {
  await db.kysely
    .updateTable('jobs')
    .set({ unique_key: null })
    .where('unique_key', '=', uniqueKey)
    .where('status', 'in', ['done', 'failed'])
    .execute();
}

/** Jobs of one kind created since `since`, newest first. */
export async function recentJobs(db: Db, kind: string, since: Date, limit = 200): Promise<Job[]> {
  return (await db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', kind)
    .where('created_at', '>=', since.toISOString())
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()) as Job[];
}

/** Finished jobs are kept this long (for `paperboy jobs`), failed ones longer (to be looked at). */
const KEEP_DONE_MS = 2 * 86_400_000;
const KEEP_FAILED_MS = 30 * 86_400_000;

/** Deletes old finished jobs; returns how many. */
export async function sweepJobs(db: Db, now: Date): Promise<number> {
  const r = await db.kysely
    .deleteFrom('jobs')
    .where((w) =>
      w.or([
        w.and([
          w('status', '=', 'done'),
          w('updated_at', '<', new Date(now.getTime() - KEEP_DONE_MS).toISOString()),
        ]),
        w.and([
          w('status', '=', 'failed'),
          w('updated_at', '<', new Date(now.getTime() - KEEP_FAILED_MS).toISOString()),
        ]),
      ]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The latest runs of one recurring job (its ticks are keyed `name@minute`), newest first. */
export async function latestTicks(db: Db, name: string, limit: number): Promise<Job[]> {
  return (await db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('unique_key', 'like', `${name}@%`)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()) as Job[];
}

/** Jobs that failed for good, newest first. */
export async function failedJobs(db: Db, limit: number): Promise<Job[]> {
  return (await db.kysely
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'failed')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute()) as Job[];
}

/** How many jobs are in each status. */
export async function jobCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db.kysely
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Seconds the oldest due queued job has waited (0 when none is due). */
export async function oldestDueSeconds(db: Db, now: Date): Promise<number> {
  const row = await db.kysely
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('due'))
    .where('status', '=', 'queued')
    .where('run_at', '<=', now.toISOString())
    .executeTakeFirst();
  return row?.due ? Math.max(0, (now.getTime() - Date.parse(String(row.due))) / 1000) : 0;
}
