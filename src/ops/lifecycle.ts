/**
 * A serving process's life: ready, then draining on SIGTERM, then stopped. Load
 * balancers read it through /readyz; `shutdown` runs the drain in order:
 *
 * 1. /readyz turns 503 while everything still serves, for SHUTDOWN_DELAY_SECONDS, so
 *    proxies polling it take this node out of rotation before it stops accepting;
 * 2. the HTTP server stops accepting and answers the requests it holds, and the job
 *    worker claims nothing more and lets its running job wrap up (both at once);
 * 3. the process exits 0, or after SHUTDOWN_GRACE_SECONDS in all whatever is left
 *    (an unfinished job's lease then runs out and another worker takes it over).
 */
import type { Db } from '../db/connect.ts';
import type { Logger } from '../shared/log.ts';
import { checkDatabase } from './health.repo.ts';

export interface Lifecycle {
  /** True from the shutdown signal on: /readyz answers 503. */
  draining: boolean;
}

export function createLifecycle(): Lifecycle {
  return { draining: false };
}

export interface Readiness {
  ready: boolean;
  checks: { database: string; draining: boolean };
}

/** A database answering slower than this is reported not ready. */
const DATABASE_TIMEOUT_MS = 2000;
/** Databases whose migrations were found complete: they stay so while this process runs. */
const migrated = new WeakSet<Db>();

/** Ready: not draining, the database answers, and every migration is applied. */
export async function readiness(deps: { db: Db; lifecycle: Lifecycle }): Promise<Readiness> {
  const { db, lifecycle } = deps;
  const health = await checkDatabase(db, DATABASE_TIMEOUT_MS, { migrations: !migrated.has(db) });
  if (health.ok) migrated.add(db);
  return {
    ready: health.ok && !lifecycle.draining,
    checks: { database: health.ok ? 'ok' : (health.problem ?? 'failing'), draining: lifecycle.draining },
  };
}

export interface Stoppable {
  /** Stops accepting work and resolves when the work in hand is done. */
  stop(): Promise<unknown>;
}

/** The drain described above; resolves true when everything finished within the grace period. */
export async function shutdown(opts: {
  lifecycle: Lifecycle;
  log: Logger;
  /** Seconds /readyz answers 503 before the server stops accepting (0 for an interactive Ctrl-C). */
  delaySeconds: number;
  graceSeconds: number;
  parts: Stoppable[];
}): Promise<boolean> {
  const { lifecycle, log } = opts;
  lifecycle.draining = true;
  const started = Date.now();
  const graceMs = opts.graceSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const drain = (async () => {
    await new Promise((r) => setTimeout(r, Math.min(opts.delaySeconds * 1000, graceMs)));
    log.info({ afterMs: Date.now() - started }, 'draining: no longer accepting; finishing work in hand');
    await Promise.all(opts.parts.map((p) => p.stop()));
    return true as const;
  })();
  try {
    const done = await Promise.race([drain, deadline]);
    if (!done)
      log.warn({ graceSeconds: opts.graceSeconds }, 'grace period over; exiting with work unfinished');
    return done;
  } finally {
    clearTimeout(timer);
  }
}
