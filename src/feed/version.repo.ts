/**
 * The data versions: one counter per data domain (papers, votes, comments, users), moved
 * by triggers in the same transaction as every write to the domain's tables (migration
 * 0008_cache). The page cache (web/page-cache.ts) keys rendered pages on the versions of
 * the domains a page shows, read before the page's queries, so a cached page is never
 * older than its data, whichever process or node wrote it; writes to other tables
 * (sessions, jobs, the email outbox, …) flush nothing.
 */
import type { CompiledQuery } from 'kysely';
import { commitMarkOf } from '../db/commit-mark.ts';
import type { Db } from '../db/connect.ts';

/** Version of each data domain, by name. */
export type DataVersions = ReadonlyMap<string, number>;

interface SqliteVersions {
  stmt: { all(): unknown[] };
  /** The versions last read, and the database's commit mark just before that read. */
  last?: { mark: Buffer; versions: DataVersions };
}
const sqliteVersions = new WeakMap<object, SqliteVersions>();

export async function dataVersions(db: Db): Promise<DataVersions> {
  if (db.sqlite) {
    let s = sqliteVersions.get(db.sqlite);
    if (!s) {
      s = { stmt: db.sqlite.prepare('SELECT domain, version FROM data_versions') };
      sqliteVersions.set(db.sqlite, s);
    }
    // Nothing committed since the last read (by any connection): the versions stand. The
    // mark is taken before reading, so a commit in between moves it and the next call reads.
    const mark = commitMarkOf(db.sqlite)?.read() ?? null;
    if (mark && s.last?.mark.equals(mark)) return s.last.versions;
    // While an asynchronous transaction is open on the connection its uncommitted writes
    // would be visible here (and might roll back), so then the query waits its turn
    // behind the transaction like any other.
    if (!db.sqlite.inTransaction) {
      const versions = toMap(s.stmt.all() as Row[]);
      s.last = mark ? { mark: Buffer.from(mark), versions } : undefined;
      return versions;
    }
  }
  // PostgreSQL reads them on every page (a write on another node shows on the next request):
  // the query is built once, not per request.
  let query = versionsQueries.get(db.dialect);
  if (!query) {
    query = db.kysely.selectFrom('data_versions').select(['domain', 'version']).compile();
    versionsQueries.set(db.dialect, query);
  }
  return toMap((await db.kysely.executeQuery(query)).rows);
}

const versionsQueries = new Map<string, CompiledQuery<Row>>();

type Row = { domain: string; version: number | string };

const toMap = (rows: Row[]): DataVersions => new Map(rows.map((r) => [r.domain, Number(r.version)]));
