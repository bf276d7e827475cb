/**
 * A cheap stamp that changes whenever anything in the database may have changed: the
 * page cache (web/page-cache.ts) keys rendered pages on it, so a cached page is never
 * older than the data. One trivial query; no triggers or counters to maintain.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

const statements = new WeakMap<object, { get(): unknown }>();

export async function dataVersion(db: Db): Promise<string> {
  if (db.sqlite) {
    // data_version moves when another connection (a CLI import, a second process)
    // commits; total_changes counts this connection's own writes. One statement, prepared once.
    let stmt = statements.get(db.sqlite);
    if (!stmt) {
      stmt = db.sqlite.prepare(
        'SELECT total_changes() AS n, (SELECT data_version FROM pragma_data_version) AS v',
      );
      statements.set(db.sqlite, stmt);
    }
    const r = stmt.get() as { n: number; v: number };
    return `${r.v}.${r.n}`;
  }
  // The snapshot (xmin:xmax:in-progress xids) moves when any write transaction starts
  // or ends; read-only transactions take no xid and leave it alone.
  const r = await sql<{ s: string }>`SELECT pg_current_snapshot()::text AS s`.execute(db.kysely);
  return r.rows[0]?.s ?? '';
}
