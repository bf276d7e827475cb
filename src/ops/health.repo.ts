/** Whether this process's database can serve: reachable, and its schema up to date. */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { pendingMigrations } from '../db/migrate.ts';

export interface DatabaseHealth {
  ok: boolean;
  /** Why not, when not ok. */
  problem?: string;
}

/**
 * Answers within `timeoutMs`, whatever the database does (a hung pool is not ready).
 * `migrations`: also compare the applied migrations with this program's.
 */
export async function checkDatabase(
  db: Db,
  timeoutMs: number,
  opts: { migrations: boolean },
): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, problem: `database did not answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const check = (async (): Promise<DatabaseHealth> => {
    try {
      await sql`select 1`.execute(db.kysely);
      const pending = opts.migrations ? await pendingMigrations(db) : [];
      return pending.length
        ? { ok: false, problem: `migrations not applied: ${pending.join(', ')}` }
        : { ok: true };
    } catch (err) {
      return {
        ok: false,
        problem: `database unreachable: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  })();
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
