/** Rate-limit counters in the database, so every process and node counts against one budget. */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/**
 * Counts one hit for (bucket, key): in the current window, or in a new one of `windowMs`
 * starting now when the last has ended. Returns the window's hits (this one included) and
 * its end. One atomic statement on both databases, so concurrent hits never lose a count.
 */
export async function countHit(
  db: Db,
  hit: { bucket: string; key: string; now: Date; windowMs: number },
): Promise<{ hits: number; expiresAt: string }> {
  const now = hit.now.toISOString();
  const end = new Date(hit.now.getTime() + hit.windowMs).toISOString();
  const ended = sql<boolean>`rate_limit_counters.expires_at <= ${now}`;
  return db.kysely
    .insertInto('rate_limit_counters')
    .values({ bucket: hit.bucket, key: hit.key, hits: 1, expires_at: end })
    .onConflict((oc) =>
      oc.columns(['bucket', 'key']).doUpdateSet({
        hits: sql<number>`case when ${ended} then 1 else rate_limit_counters.hits + 1 end`,
        expires_at: sql<string>`case when ${ended} then ${end} else rate_limit_counters.expires_at end`,
      }),
    )
    .returning(['hits', 'expires_at as expiresAt'])
    .executeTakeFirstOrThrow();
}

/** Deletes windows that ended before `now`; returns how many. */
export async function sweepRateLimits(db: Db, now: Date): Promise<number> {
  const r = await db.kysely
    .deleteFrom('rate_limit_counters')
    .where('expires_at', '<', now.toISOString())
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
