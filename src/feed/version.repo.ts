/**
 * The data versions: one counter per data domain (papers, votes, comments, users), moved
 * by triggers in the same transaction as every write to the domain's tables (migration
 * 0008_cache). The page cache (web/page-cache.ts) keys rendered pages on the versions of
 * the domains a page shows, read before the page's queries, so a cached page is never
 * older than its data, whichever process or node wrote it; writes to other tables
 * (sessions, jobs, the email outbox, …) flush nothing.
 */
import type { Db } from '../db/connect.ts';

/** Version of each data domain, by name. */
export type DataVersions = ReadonlyMap<string, number>;

const statements = new WeakMap<object, { all(): unknown[] }>();

export async function dataVersions(db: Db): Promise<DataVersions> {
  // SQLite: one prepared statement, no round trip. While an asynchronous transaction is
  // open on the connection its uncommitted writes would be visible here (and might roll
  // back), so then the query waits its turn behind the transaction like any other.
  if (db.sqlite && !db.sqlite.inTransaction) {
    let stmt = statements.get(db.sqlite);
    if (!stmt) {
      stmt = db.sqlite.prepare('SELECT domain, version FROM data_versions');
      statements.set(db.sqlite, stmt);
    }
    return toMap(stmt.all() as Row[]);
  }
  return toMap(await db.kysely.selectFrom('data_versions').select(['domain', 'version']).execute());
}

type Row = { domain: string; version: number | string };

const toMap = (rows: Row[]): DataVersions => new Map(rows.map((r) => [r.domain, Number(r.version)]));
